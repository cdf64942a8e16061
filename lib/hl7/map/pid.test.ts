import { describe, expect, it } from "vitest";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { parseMessage } from "@/lib/hl7/er7/message";
import { mapPid } from "@/lib/hl7/map/pid";

/** A PID with the given fields (by number) set, the rest empty. */
function pidFields(values: Record<number, string>): string {
  const last = Math.max(...Object.keys(values).map(Number));
  return Array.from({ length: last }, (_, index) => values[index + 1] ?? "").join("|");
}

function pid(fields: string, version = "2.5.1") {
  const segment = parseMessage(`MSH|^~\\&|A|B|C|D|20260101||ADT^A08|1|P|${version}\rPID|${fields}`).segment("PID");
  if (!segment) throw new Error("no PID");
  return mapPid(segment);
}

describe("mapPid", () => {
  it("reads identifiers with authority and type, and picks the MR by type, not position", () => {
    const patient = pid("1||998877665^^^SSA^SS~A-100^^^GENHOSP&1.2.3&ISO^MR~55^^^^PI");
    expect(patient.identifiers).toEqual([
      { value: "998877665", authority: "SSA", type: "SS" },
      { value: "A-100", authority: "GENHOSP", type: "MR" },
      { value: "55", authority: "", type: "PI" },
    ]);
  });

  it("takes the legal name (type L) and keeps the others as aliases", () => {
    const patient = pid("1||1^^^H^MR||Smith^Jo^^^^^A~O'Brien^Mary^Ann^^^^L");
    expect(patient.legalName).toEqual({ family: "O'Brien", given: "Mary", middle: "Ann", type: "L" });
    expect(patient.aliases).toEqual([{ family: "Smith", given: "Jo", middle: null, type: "A" }]);
  });

  it("reads a birth date with or without time and offset as the calendar day written", () => {
    expect(pid("1||1^^^H^MR||Doe^J||19800215").birthDate).toBe("1980-02-15");
    expect(pid("1||1^^^H^MR||Doe^J||198002152330-0500").birthDate).toBe("1980-02-15");
    expect(pid("1||1^^^H^MR||Doe^J||20010304000000.000+0100").birthDate).toBe("2001-03-04");
  });

  it("refuses a birth date that is not a date with a data type error at PID-7", () => {
    for (const bad of ["19801302", "1980021", "tomorrow", "19800230"]) {
      try {
        pid(`1||1^^^H^MR||Doe^J||${bad}`);
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(Hl7Error);
        expect((error as Hl7Error).code).toBe(102);
        expect((error as Hl7Error).location).toMatchObject({ segment: "PID", field: 7 });
      }
    }
  });

  it("tells absent fields (undefined) from HL7 nulls (null)", () => {
    const absent = pid("1||1^^^H^MR||Doe^J");
    expect([absent.birthDate, absent.gender, absent.phone, absent.address, absent.ssn]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const cleared = pid(pidFields({ 1: "1", 3: "1^^^H^MR", 5: "Doe^J", 7: '""', 8: '""', 11: '""', 13: '""', 19: '""' }));
    expect([cleared.birthDate, cleared.gender, cleared.address, cleared.phone, cleared.ssn]).toEqual([null, null, null, null, null]);
  });

  it("maps sex, race, ethnicity, language and marital status", () => {
    const patient = pid(
      pidFields({ 1: "1", 3: "1^^^H^MR", 5: "Doe^J", 7: "19800101", 8: "F", 10: "2106-3^White^CDCREC", 15: "ENG^English^ISO639", 16: "M^Married^HL70002", 22: "2186-5^Not Hispanic^CDCREC" }),
    );
    expect(patient).toMatchObject({ gender: "female", race: "2106-3", language: "ENG", maritalStatus: "M", ethnicity: "2186-5" });
    expect(() => pid("1||1^^^H^MR||Doe^J||19800101|Q")).toThrow(/table 0001/);
  });

  it("reads the address's street, city, state, zip and country", () => {
    expect(pid("1||1^^^H^MR||Doe^J||||||12 Main St&Main St&12^Apt 4^Springfield^IL^62701^US^H").address).toEqual({
      line1: "12 Main St",
      line2: "Apt 4",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      country: "US",
    });
  });

  it("reads phone and email in the v2.3 form", () => {
    const patient = pid("1||1^^^H^MR||Doe^J||||||||(555)555-1234~^NET^^jo@example.org", "2.3");
    expect(patient.phone).toBe("(555)555-1234");
    expect(patient.email).toBe("jo@example.org");
  });

  it("reads phone and email in the v2.5 form (use code, equipment, area and local number)", () => {
    const patient = pid("1||1^^^H^MR||Doe^J||||||||^PRN^PH^^1^555^5551234~^NET^Internet^jo@example.org|^WPN^PH^^^555^5559999");
    expect(patient.phone).toBe("+1 5555551234");
    expect(patient.email).toBe("jo@example.org");
  });

  it("reads the SSN from PID-19 or an SS identifier, and refuses one that is not an SSN", () => {
    expect(pid(pidFields({ 1: "1", 3: "1^^^H^MR", 5: "Doe^J", 19: "123-45-6789" })).ssn).toBe("123456789");
    expect(pid("1||1^^^H^MR~987654321^^^SSA^SS||Doe^J").ssn).toBe("987654321");
    expect(() => pid(pidFields({ 1: "1", 3: "1^^^H^MR", 5: "Doe^J", 19: "12-34" }))).toThrow(Hl7Error);
  });

  it("keeps quotes, SQL and HTML in names byte for byte", () => {
    const patient = pid("1||1^^^H^MR||Robert'); DROP TABLE patients;--^<script>alert(1)</script>");
    expect(patient.legalName).toMatchObject({ family: "Robert'); DROP TABLE patients;--", given: "<script>alert(1)</script>" });
  });

  it("bounds every value to its column", () => {
    expect(pid(`1||1^^^H^MR||${"x".repeat(500)}^J`).legalName).toMatchObject({ family: "x".repeat(100) });
  });
});
