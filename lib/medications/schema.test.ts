import { describe, expect, it } from "vitest";
import { MedicationBase, MedicationCreate, MedicationResponse, MedicationUpdate } from "@/lib/medications/schema";
import { medicationCreateExample, medicationResponseExample } from "@/lib/medications/schema.examples";
import { expectIssueAt, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

describe("MedicationBase", () => {
  it("parses a medication and coerces dates", () => {
    const medication = expectValid(MedicationBase, medicationCreateExample);
    expect(medication.startDate).toEqual(new Date("2024-01-15T00:00:00Z"));
  });
  it("requires patientId and medicationName", () => {
    expectIssueAt(MedicationBase, withChanges(medicationCreateExample, { patientId: undefined }), "patientId");
    expectIssueAt(MedicationBase, withChanges(medicationCreateExample, { medicationName: "" }), "medicationName");
  });
});

describe("MedicationCreate", () => {
  it("accepts a full and a minimal medication", () => {
    expectValid(MedicationCreate, medicationCreateExample);
    expect(
      expectValid(MedicationCreate, { patientId: medicationCreateExample.patientId, medicationName: "Aspirin" }),
    ).toEqual({ patientId: medicationCreateExample.patientId, medicationName: "Aspirin" });
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
  });
});

describe("MedicationResponse", () => {
  it("parses a stored medication", () => {
    expect(expectValid(MedicationResponse, medicationResponseExample)).toEqual(medicationResponseExample);
  });
  it("requires ids, Dates and every column", () => {
    expectIssueAt(MedicationResponse, { ...medicationResponseExample, patientId: "p1" }, "patientId");
    expectIssueAt(MedicationResponse, { ...medicationResponseExample, startDate: "2024-01-15" }, "startDate");
    expectIssueAt(MedicationResponse, withChanges(medicationResponseExample, { prescriberId: undefined }), "prescriberId");
  });
});
