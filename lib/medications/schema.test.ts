import { describe, expect, it } from "vitest";
import { MedicationBase, MedicationCreate, MedicationResponse, MedicationUpdate } from "@/lib/medications/schema";
import { medicationCreateExample, medicationResponseExample } from "@/lib/medications/schema.examples";
import { expectIssueAt, expectUnknownKeys, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

describe("MedicationBase", () => {
  it("parses a medication and coerces dates", () => {
    const medication = expectValid(MedicationBase, medicationCreateExample);
    expect(medication.startDate).toEqual(new Date("2024-01-15T00:00:00Z"));
  });
  it("requires medicationName and refuses fields it does not have (the patient is the chart's)", () => {
    expectUnknownKeys(MedicationBase, { ...medicationCreateExample, patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c", isAdmin: true }, ["patientId", "isAdmin"]);
    expectIssueAt(MedicationBase, withChanges(medicationCreateExample, { medicationName: "" }), "medicationName");
  });
});

describe("MedicationCreate", () => {
  it("accepts a full and a minimal medication", () => {
    expectValid(MedicationCreate, medicationCreateExample);
    expect(expectValid(MedicationCreate, { medicationName: "Aspirin" })).toEqual({ medicationName: "Aspirin" });
  });

  it("needs the source system with a source id", () => {
    expectIssueAt(MedicationCreate, { ...medicationCreateExample, sourceMedicationId: "RX-1" }, "sourceEmr");
    expectValid(MedicationCreate, { ...medicationCreateExample, sourceEmr: "epic", sourceMedicationId: "RX-1" });
  });

  it("refuses NUL and lone surrogates in free text, keeps newlines", () => {
    expectIssueAt(MedicationCreate, { ...medicationCreateExample, instructions: "one\u0000two" }, "instructions");
    expectIssueAt(MedicationCreate, { ...medicationCreateExample, instructions: "bad \ud800" }, "instructions");
    expectValid(MedicationCreate, { ...medicationCreateExample, instructions: "line 1\nline 2\ttab" });
  });

  it("accepts an end date equal to the start date or open-ended", () => {
    expectValid(MedicationCreate, { ...medicationCreateExample, endDate: "2024-01-15" });
    expectValid(MedicationCreate, { ...medicationCreateExample, endDate: "" });
  });

  it("rejects an end date before the start date", () => {
    expectIssueAt(MedicationCreate, { ...medicationCreateExample, endDate: "2024-01-14" }, "endDate");
  });

  it.each([
    ["status", "discontinued"],
    ["status", "on-hold"],
    ["dose", 0],
    ["dose", -5],
    ["dose", "1"],
    ["dose", Number.MAX_VALUE],
    ["startDate", "2024-02-30"],
    ["endDate", "15/07/2024"],
    ["medicationName", "x".repeat(256)],
    ["doseUnit", "x".repeat(33)],
    ["codeSystem", "RxNorm"],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(MedicationCreate, { ...medicationCreateExample, [field]: value }, field);
  });
});

describe("MedicationUpdate", () => {
  it("accepts a status change and an empty update", () => {
    expect(expectValid(MedicationUpdate, { status: "stopped", endDate: "2024-03-01" })).toEqual({
      status: "stopped",
      endDate: new Date("2024-03-01T00:00:00Z"),
    });
    expect(expectValid(MedicationUpdate, {})).toEqual({});
  });
  it("checks dates given together and field rules", () => {
    expectIssueAt(MedicationUpdate, { startDate: "2024-03-02", endDate: "2024-03-01" }, "endDate");
    expectIssueAt(MedicationUpdate, { status: "paused" }, "status");
    expectIssueAt(MedicationUpdate, { medicationName: null }, "medicationName");
    expectUnknownKeys(MedicationUpdate, { sourceMedicationId: "RX-2" }, ["sourceMedicationId"]);
  });
});

describe("MedicationResponse", () => {
  it("parses a stored medication", () => {
    expect(expectValid(MedicationResponse, medicationResponseExample)).toEqual(medicationResponseExample);
  });
  it("requires ids, calendar dates as YYYY-MM-DD and every column", () => {
    expectIssueAt(MedicationResponse, { ...medicationResponseExample, patientId: "p1" }, "patientId");
    expectIssueAt(MedicationResponse, { ...medicationResponseExample, startDate: new Date("2024-01-15T00:00:00Z") }, "startDate");
    expectIssueAt(MedicationResponse, withChanges(medicationResponseExample, { prescriberId: undefined }), "prescriberId");
  });
});
