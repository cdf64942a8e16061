import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { allergyResponseExample } from "@/lib/allergies/schema.examples";
import { medicationResponseExample } from "@/lib/medications/schema.examples";
import { observationResponseExample } from "@/lib/observations/schema.examples";
import {
  AggregatedPatientData,
  PatientBase,
  PatientCreate,
  PatientResponse,
  PatientUpdate,
  SsnInput,
} from "@/lib/patients/schema";
import { patientCreateExample, patientResponseExample } from "@/lib/patients/schema.examples";
import { expectIssueAt, expectUnknownKeys, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2024-05-01T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

const baseExample = withChanges(patientCreateExample, { ssn: undefined });

describe("PatientBase", () => {
  it("parses demographics and coerces birthDate to a Date", () => {
    const patient = expectValid(PatientBase, { ...baseExample, firstName: "  John ", email: "" });
    expect(patient.firstName).toBe("John");
    expect(patient.email).toBeNull();
    expect(patient.birthDate).toEqual(new Date("1980-01-01T00:00:00Z"));
  });

  it("requires mrn, names and birthDate", () => {
    expectIssueAt(PatientBase, withChanges(baseExample, { mrn: undefined }), "mrn");
    expectIssueAt(PatientBase, withChanges(baseExample, { firstName: "   " }), "firstName");
    expectIssueAt(PatientBase, withChanges(baseExample, { lastName: undefined }), "lastName");
    expectIssueAt(PatientBase, withChanges(baseExample, { birthDate: undefined }), "birthDate");
  });
});

describe("PatientCreate", () => {
  it("accepts a full patient and normalizes the SSN to digits", () => {
    const patient = expectValid(PatientCreate, patientCreateExample);
    expect(patient.ssn).toBe("123456789");
    expect(patient.state).toBe("IL");
  });

  it("accepts the minimum: mrn, names, birth date", () => {
    const minimal = { mrn: "A1", firstName: "Ann", lastName: "Lee", birthDate: "2024-05-01" };
    expect(expectValid(PatientCreate, minimal)).toEqual({ ...minimal, birthDate: new Date("2024-05-01T00:00:00Z") });
  });

  it.each([
    ["birthDate", "2999-01-01"],
    ["birthDate", "1899-12-31"],
    ["birthDate", "1980-13-01"],
    ["birthDate", "01/01/1980"],
    ["mrn", "MRN 123"],
    ["mrn", "x".repeat(65)],
    ["mrnAuthority", "x".repeat(65)],
    ["mrnAuthority", "ST\nMARY"],
    ["firstName", "x".repeat(101)],
    ["lastName", "Smith\nDROP"],
    ["gender", "M"],
    ["email", "not-an-email"],
    ["phone", "555-1234"],
    ["state", "Illinois"],
    ["country", "USA"],
    ["country", "XX"],
    ["postalCode", "6270#"],
    ["ssn", "000-12-3456"],
    ["ssn", "666-12-3456"],
    ["ssn", "912-34-5678"],
    ["ssn", "123-00-4567"],
    ["ssn", "123-45-0000"],
    ["ssn", "123-456789"],
    ["ssn", "12345678"],
  ])("rejects %s = %j at that field", (field, value) => {
    expectIssueAt(PatientCreate, { ...patientCreateExample, [field]: value }, field);
  });

  it("checks a US postal code is a ZIP, but not foreign ones", () => {
    expectIssueAt(PatientCreate, { ...patientCreateExample, postalCode: "SW1A 1AA" }, "postalCode");
    expectValid(PatientCreate, { ...patientCreateExample, country: "GB", state: null, postalCode: "SW1A 1AA" });
  });
});

describe("PatientUpdate", () => {
  it("never carries the restriction, which has its own permission and operation", () => {
    for (const schema of [PatientCreate, PatientUpdate]) {
      const parsed = schema.safeParse({ ...patientCreateExample, restricted: false });
      expect(parsed.data ?? {}).not.toHaveProperty("restricted");
    }
  });

  it("refuses unknown fields by name instead of dropping them (a misspelt field must not look saved)", () => {
    expectUnknownKeys(PatientUpdate, { middlename: "Zed" }, ["middlename"]);
    expectUnknownKeys(PatientCreate, { ...patientCreateExample, isAdmin: true }, ["isAdmin"]);
  });

  it("leaves identifiers, aliases and merges to HL7 ingest: sending them is an unknown field", () => {
    expectUnknownKeys(PatientCreate, { ...patientCreateExample, identifiers: [], aliases: [], mergedInto: null }, ["aliases", "identifiers", "mergedInto"]);
    expectUnknownKeys(PatientUpdate, { mergedAt: null }, ["mergedAt"]);
  });

  it("takes the MRN's assigning authority as sent, empty meaning none, and never defaults it on an update", () => {
    expect(expectValid(PatientUpdate, { mrnAuthority: " ST-MARY " })).toEqual({ mrnAuthority: "ST-MARY" });
    expect(expectValid(PatientUpdate, { mrnAuthority: "" })).toEqual({ mrnAuthority: "" });
    expect(expectValid(PatientUpdate, { firstName: "Ann" })).not.toHaveProperty("mrnAuthority");
  });

  it("accepts an empty update without inventing defaults", () => {
    expect(expectValid(PatientUpdate, {})).toEqual({});
  });

  it("accepts a partial update and null to clear optional fields", () => {
    expect(expectValid(PatientUpdate, { phone: null, ssn: null, lastName: "Jones" })).toEqual({
      phone: null,
      ssn: null,
      lastName: "Jones",
    });
  });

  it("keeps field rules and refuses to null required fields", () => {
    expectIssueAt(PatientUpdate, { birthDate: "2999-01-01" }, "birthDate");
    expectIssueAt(PatientUpdate, { birthDate: null }, "birthDate");
    expectIssueAt(PatientUpdate, { mrn: null }, "mrn");
    expectIssueAt(PatientUpdate, { ssn: "666-12-3456" }, "ssn");
    expectIssueAt(PatientUpdate, { country: "US", postalCode: "1234" }, "postalCode");
  });
});

describe("PatientResponse", () => {
  it("parses a stored patient and strips the encrypted SSN", () => {
    const row = { ...patientResponseExample, ssnEncrypted: "v1:ciphertext" };
    const patient = expectValid(PatientResponse, row);
    expect(patient).toEqual(patientResponseExample);
    expect(patient).not.toHaveProperty("ssnEncrypted");
    expect(patient).not.toHaveProperty("ssn");
  });

  it("requires every column, ids as UUIDs, the birth date as YYYY-MM-DD and instants as Dates", () => {
    expectIssueAt(PatientResponse, withChanges(patientResponseExample, { addressLine2: undefined }), "addressLine2");
    expectIssueAt(PatientResponse, { ...patientResponseExample, id: "42" }, "id");
    expectIssueAt(PatientResponse, { ...patientResponseExample, birthDate: new Date("1980-01-01T00:00:00Z") }, "birthDate");
    expectIssueAt(PatientResponse, { ...patientResponseExample, birthDate: "1980-01-01T00:00:00.000Z" }, "birthDate");
    expectIssueAt(PatientResponse, { ...patientResponseExample, createdAt: undefined }, "createdAt");
    expectIssueAt(PatientResponse, { ...patientResponseExample, ssnLast4: "123-45-6789" }, "ssnLast4");
    expectIssueAt(PatientResponse, withChanges(patientResponseExample, { restricted: undefined }), "restricted");
  });
});

describe("AggregatedPatientData", () => {
  const chart = {
    patient: patientResponseExample,
    observations: [observationResponseExample],
    observationCounts: { total: 1, bySource: [{ sourceEmr: "epic", count: 1 }] },
    medications: [medicationResponseExample],
    allergies: [allergyResponseExample],
  };

  it("combines a patient with their records", () => {
    expect(expectValid(AggregatedPatientData, chart)).toEqual(chart);
    expectValid(AggregatedPatientData, { ...chart, observations: [], medications: [], allergies: [] });
  });

  it("reports the path of an invalid nested record", () => {
    expectIssueAt(AggregatedPatientData, { ...chart, patient: { ...patientResponseExample, id: "x" } }, "patient.id");
    expectIssueAt(
      AggregatedPatientData,
      { ...chart, observations: [{ ...observationResponseExample, status: "done" }] },
      "observations.0.status",
    );
    expectIssueAt(AggregatedPatientData, { ...chart, allergies: undefined }, "allergies");
  });
});

describe("SsnInput", () => {
  it("accepts both spellings and returns nine digits", () => {
    expect(SsnInput.parse("123-45-6789")).toBe("123456789");
    expect(SsnInput.parse(" 123456789 ")).toBe("123456789");
    expect(SsnInput.parse("899-99-9999")).toBe("899999999");
  });

  const invalid = [
    "000-12-3456",
    "666-12-3456",
    "900-12-3456",
    "999-12-3456",
    "123-00-4567",
    "123-45-0000",
    "123-45-678",
    "12-345-6789",
    "abc-de-fghi",
  ];

  it.each(invalid)("rejects %s with one issue", (value) => {
    const result = SsnInput.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
  });
});
