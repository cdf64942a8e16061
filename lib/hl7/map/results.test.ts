import { describe, expect, it } from "vitest";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { readHeader } from "@/lib/hl7/er7/header";
import { parseMessage } from "@/lib/hl7/er7/message";
import { mapMessage } from "@/lib/hl7/map/message";

function map(text: string) {
  const message = parseMessage(text);
  return mapMessage(message, readHeader(message));
}

const ORU = [
  "MSH|^~\\&|LAB|GENHOSP|MERIDIAN|HUB|20261201083000-0500||ORU^R01|LAB-1|P|2.5.1",
  "PID|1||A-100^^^GENHOSP^MR||Doe^Jane||19800101|F",
  "OBR|1|PLC-9|FIL-9|80048^BMP^C4|||20261201070000-0500|||||||||||||||20261201080000-0500|||F",
  "NTE|1||Specimen slightly hemolysed",
  "OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L^mmol/L^UCUM|3.9-5.5|N|||F",
  "NTE|1||Fasting",
  "OBX|2|SN|2160-0^Creatinine^LN||<^50|umol/L|<110||||C",
  "OBX|3|ST|5778-6^Color^LN||Yellow||||||P",
  "OBX|4|CWE|5803-2^pH^LN||POS^Positive^L||||||F",
  "OBX|5|TX|11529-5^Report^LN||Line one~Line two||||||F",
  "OBX|6|NM|8867-4^Heart rate^LN||72|/min^^UCUM|60-100|N|||F|||20261201071500-0500",
].join("\r");

describe("ORU^R01 mapping", () => {
  it("maps every OBX with value, units, range, flag, status and times", () => {
    const mapped = map(ORU);
    if (mapped.family !== "results") throw new Error(mapped.family);
    const [group] = mapped.patients;
    const observations = group?.observations ?? [];
    expect(observations).toHaveLength(6);
    expect(observations[0]).toMatchObject({
      code: "2345-7",
      codeSystem: "http://loinc.org",
      codeDisplay: "Glucose",
      valueQuantity: 5.4,
      unit: "mmol/L",
      referenceRangeLow: 3.9,
      referenceRangeHigh: 5.5,
      abnormalFlag: "N",
      status: "final",
      observationType: "laboratory",
      effectiveDatetime: "2026-12-01T12:00:00.000Z",
      issuedDatetime: "2026-12-01T13:00:00.000Z",
      note: "Specimen slightly hemolysed\nFasting",
      sourceObservationId: "FIL-9|2345-7|",
    });
    expect(observations[1]).toMatchObject({ valueQuantity: 50, valueString: "<50", referenceRangeHigh: 110, status: "corrected" });
    expect(observations[2]).toMatchObject({ valueString: "Yellow", status: "preliminary" });
    expect(observations[3]).toMatchObject({ valueCode: "POS", valueString: "Positive" });
    expect(observations[4]).toMatchObject({ valueString: "Line one\nLine two" });
    expect(observations[5]).toMatchObject({ observationType: "vital_signs", effectiveDatetime: "2026-12-01T12:15:00.000Z", unit: "/min" });
  });

  it("keys a corrected result to the same order, code and sub-id as the preliminary one", () => {
    const preliminary = map(ORU.replace("OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L^mmol/L^UCUM|3.9-5.5|N|||F", "OBX|1|NM|2345-7^Glucose^LN||5.1|mmol/L|3.9-5.5|N|||P"));
    const final = map(ORU);
    if (preliminary.family !== "results" || final.family !== "results") throw new Error("not results");
    expect(preliminary.patients[0]?.observations[0]?.sourceObservationId).toBe(final.patients[0]?.observations[0]?.sourceObservationId);
  });

  it("maps several patient groups in one ORU", () => {
    const text = `${ORU}\rPID|1||B-200^^^GENHOSP^MR||Roe^Rick||19700101|M\rOBR|1|P2|F2|X\rOBX|1|NM|2345-7^Glucose^LN||7.0|mmol/L|||||F`;
    const mapped = map(text);
    if (mapped.family !== "results") throw new Error(mapped.family);
    expect(mapped.patients.map((group) => [group.patient.identifiers[0]?.value, group.observations.length])).toEqual([
      ["A-100", 6],
      ["B-200", 1],
    ]);
  });

  it("refuses a numeric result that is not a number at OBX-5, and an OBX without a code at OBX-3", () => {
    expect(() => map(ORU.replace("||5.4|", "||five|"))).toThrow(expect.objectContaining({ code: 102, location: expect.objectContaining({ segment: "OBX", sequence: 1, field: 5 }) }));
    expect(() => map(ORU.replace("2345-7^Glucose^LN", ""))).toThrow(expect.objectContaining({ code: 101, location: expect.objectContaining({ field: 3 }) }));
  });

  it("rejects unsupported types, events and versions (AR), and a message without a PID (AE)", () => {
    const cases: [string, number, boolean][] = [
      [ORU.replace("ORU^R01", "MFN^M02"), 200, true],
      [ORU.replace("ORU^R01", "ORU^R30"), 201, true],
      [ORU.replace("|P|2.5.1", "|P|3.0"), 203, true],
      [ORU.replace("|LAB-1|", "||"), 101, true],
      [ORU.split("\r").filter((line) => !line.startsWith("PID")).join("\r"), 100, false],
    ];
    for (const [text, code, reject] of cases) {
      try {
        map(text);
        expect.unreachable(String(code));
      } catch (error) {
        expect(error).toBeInstanceOf(Hl7Error);
        expect([(error as Hl7Error).code, (error as Hl7Error).reject]).toEqual([code, reject]);
      }
    }
  });
});

describe("ADT mapping", () => {
  const adt = (event: string, extra = "") =>
    `MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261201||ADT^${event}|ADT-1|P|2.4\rEVN|${event}|20261201\rPID|1||A-100^^^GENHOSP^MR||Doe^Jane||19800101|F\rPV1|1|I${extra}`;

  it("maps AL1 allergies with type, code, severity → criticality and repeating reactions", () => {
    const mapped = map(adt("A08", "\rAL1|1|DA|70618^Penicillin^RXNORM|SV|Hives~Anaphylaxis|20200101\rAL1|2|FA|^Peanuts|MI|Itching\rZPD|ignored"));
    if (mapped.family !== "adt") throw new Error(mapped.family);
    const [allergies] = mapped.patients.map((group) => group.allergies);
    expect(allergies).toEqual([
      expect.objectContaining({ allergen: "Penicillin", allergenCode: "70618", allergenCodeSystem: "http://www.nlm.nih.gov/research/umls/rxnorm", category: "medication", criticality: "high", reactions: [{ manifestation: "Hives", severity: "severe" }, { manifestation: "Anaphylaxis", severity: "severe" }], recordedDate: "2020-01-01", sourceAllergyId: "AL1:70618" }),
      expect.objectContaining({ allergen: "Peanuts", category: "food", criticality: "low", sourceAllergyId: "AL1:peanuts" }),
    ]);
  });

  it("marks A03 as changing nothing clinical", () => {
    const discharge = map(adt("A03"));
    const update = map(adt("A08"));
    expect(discharge.family === "adt" && discharge.clinical).toBe(false);
    expect(update.family === "adt" && update.clinical).toBe(true);
  });

  it("maps A40 to a merge of the MRG identifiers into the PID patient", () => {
    const mapped = map(`MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261201||ADT^A40|M-1|P|2.5\rPID|1||A-100^^^GENHOSP^MR||Doe^Jane\rMRG|A-099^^^GENHOSP^MR`);
    expect(mapped).toMatchObject({ family: "merge", prior: [{ value: "A-099", authority: "GENHOSP", type: "MR" }] });
    expect(() => map(`MSH|^~\\&|EPIC|GENHOSP|MERIDIAN|HUB|20261201||ADT^A40|M-1|P|2.5\rPID|1||A-100^^^GENHOSP^MR||Doe^Jane`)).toThrow(/MRG-1/);
  });
});

describe("pharmacy mapping", () => {
  const header = (type: string, version = "2.5.1") => `MSH|^~\\&|PHARM|GENHOSP|MERIDIAN|HUB|20261201||${type}|RX-1|P|${version}\rPID|1||A-100^^^GENHOSP^MR||Doe^Jane`;

  it("maps RDE^O11 with TQ1 and RXR to a medication keyed by its order", () => {
    const mapped = map(`${header("RDE^O11")}\rORC|NW|PLC-1|FIL-1||||||20261201|||1234^Welby^Marcus\rRXE||314076^Lisinopril 10 MG Oral Tablet^RXNORM|10||mg^mg|TAB|^Take one daily\rTQ1|1||QD||||20261201|20261231\rRXR|PO^Oral^HL70162`);
    expect(mapped).toMatchObject({
      family: "pharmacy",
      patients: [
        {
          changes: [
            {
              kind: "upsert",
              medication: {
                medicationName: "Lisinopril 10 MG Oral Tablet",
                medicationCode: "314076",
                dose: 10,
                doseUnit: "mg",
                route: "oral",
                frequency: "QD",
                instructions: "Take one daily",
                status: "active",
                startDate: "2026-12-01",
                endDate: "2026-12-31",
                prescriberName: "Marcus Welby",
                prescriberId: "1234",
                sourceMedicationId: "ORDER:FIL-1",
              },
            },
          ],
        },
      ],
    });
  });

  it("reads v2.3 quantity/timing from RXE-1 (RDE^O01)", () => {
    const mapped = map(`${header("RDE^O01", "2.3")}\rORC|NW|PLC-2\rRXE|1^Q6H^^20261201^20261207|197361^Amlodipine 5 MG^RXNORM|5||mg`);
    expect(mapped).toMatchObject({ patients: [{ changes: [{ medication: { frequency: "Q6H", startDate: "2026-12-01", endDate: "2026-12-07", sourceMedicationId: "ORDER:PLC-2" } }] }] });
  });

  it("turns DC and OD into a stop of that order only", () => {
    const mapped = map(`${header("RDE^O11")}\rORC|DC|PLC-1|FIL-1||||||20261205\rRXE||314076^Lisinopril^RXNORM|10||mg`);
    expect(mapped).toMatchObject({ patients: [{ changes: [{ kind: "stop", sourceMedicationId: "ORDER:FIL-1", status: "stopped", endDate: "2026-12-05" }] }] });
  });

  it("maps RAS^O17 administrations from RXA", () => {
    const mapped = map(`${header("RAS^O17")}\rORC|RE|PLC-3\rRXA|0|1|20261201080000|20261201080000|308182^Amoxicillin 500 MG^RXNORM|500|mg\rRXR|PO`);
    expect(mapped).toMatchObject({ patients: [{ changes: [{ medication: { medicationName: "Amoxicillin 500 MG", dose: 500, doseUnit: "mg", route: "oral" } }] }] });
  });

  it("refuses a give amount that is not a number at RXE-3", () => {
    expect(() => map(`${header("RDE^O11")}\rORC|NW|PLC-1\rRXE||314076^Lisinopril^RXNORM|ten||mg`)).toThrow(expect.objectContaining({ code: 102, location: expect.objectContaining({ segment: "RXE", field: 3 }) }));
  });
});
