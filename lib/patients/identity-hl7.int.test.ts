import { describe, expect, it } from "vitest";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { getPatientChart, searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { contextFor } from "@/lib/testing/auth-context";

// What a clinician and an API client see of patients an HL7 feed registered and merged (ADT^A01, ADT^A40).

isolateCache();

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.9.8.7", port: 40000 }, 2575) };
const msh = (controlId: string, type: string) => `MSH|^~\\&|ADT|STMARY|MERIDIAN|HUB|20261201083000-0500||${type}|${controlId}|P|2.5.1`;

async function send(...segments: string[]): Promise<string> {
  const result = await ingestHl7(Buffer.from(segments.join("\r")), source);
  return result.response.toString("utf8").split("\r").find((segment) => segment.startsWith("MSA")) ?? "";
}

const clinician = () => contextFor("clinician");
const idsFound = async (query: Record<string, string>) =>
  (await searchPatients(clinician(), PatientSearchCriteria.parse(query))).data.map((patient) => patient.id);

describe("patients from an HL7 feed", () => {
  it("show the MRN's authority, other identifiers and aliases, never the SSN; a merge leads old identifiers to the survivor", async () => {
    expect(
      await send(
        msh("A01-1", "ADT^A01"),
        "PID|1||H-7^^^STMARY^MR~E-55^^^EPIC^PI~123-45-6789^^^SSA^SS||Quill^Ada^^^^^L~Penn^Ada^^^^^M||19700101|F",
      ),
    ).toBe("MSA|AA|A01-1");
    expect(await send(msh("A01-2", "ADT^A01"), "PID|1||H-9^^^STMARY^MR||Quill^Ada||19700101|F")).toBe("MSA|AA|A01-2");

    const [prior] = await idsFound({ mrn: "E-55", mrnAuthority: "EPIC" });
    const [survivor] = await idsFound({ mrn: "H-9" });
    if (!prior || !survivor) throw new Error("Both patients should be found by their identifiers");
    const { patient } = await getPatientChart(clinician(), prior);
    expect(patient).toMatchObject({
      mrn: "H-7",
      mrnAuthority: "STMARY",
      identifiers: [
        { value: "H-7", assigningAuthority: "STMARY", type: "MR" },
        { value: "E-55", assigningAuthority: "EPIC", type: "PI" },
      ],
      aliases: [{ family: "Penn", given: "Ada", middle: null, type: "M" }],
      ssnLast4: "6789",
      mergedInto: null,
    });
    expect(await idsFound({ mrn: "123-45-6789" })).toEqual([]);

    expect(await send(msh("A40-1", "ADT^A40"), "PID|1||H-9^^^STMARY^MR", "MRG|H-7^^^STMARY^MR")).toBe("MSA|AA|A40-1");
    expect(await idsFound({ mrn: "H-7" })).toEqual([survivor]);
    expect(await idsFound({ mrn: "E-55" })).toEqual([survivor]);
    expect(await idsFound({ name: "Ada Quill" })).toEqual([survivor]);
    expect((await idsFound({ name: "Ada Quill", includeMerged: "true", sort: "mrn" })).sort()).toEqual([prior, survivor].sort());
    const merged = await getPatientChart(clinician(), prior);
    expect(merged.patient).toMatchObject({ mergedInto: survivor, mergedAt: expect.any(Date), identifiers: [] });
  });
});
