import { describe, expect, it } from "vitest";
import {
  ObservationBase,
  ObservationCreate,
  ObservationResponse,
  ObservationUpdate,
} from "@/lib/observations/schema";
import { observationCreateExample, observationResponseExample } from "@/lib/observations/schema.examples";
import { expectIssueAt, expectUnknownKeys, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

const noValue = withChanges(observationCreateExample, { valueQuantity: undefined });

describe("ObservationBase", () => {
  it("parses the fields and coerces effectiveDatetime", () => {
    const observation = expectValid(ObservationBase, observationCreateExample);
    expect(observation.effectiveDatetime).toEqual(new Date("2024-05-01T08:30:00Z"));
  });
  it("has no cross-field rules of its own", () => {
    expectValid(ObservationBase, noValue);
  });
  it("requires observationType, code and effectiveDatetime, and refuses fields it does not have", () => {
    expectUnknownKeys(ObservationBase, { ...observationCreateExample, patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c", valueQty: 1 }, ["patientId", "valueQty"]);
    for (const field of ["observationType", "code", "effectiveDatetime"]) {
      expectIssueAt(ObservationBase, withChanges(observationCreateExample, { [field]: undefined }), field);
    }
  });
});

describe("ObservationCreate", () => {
  it("accepts a quantity result", () => {
    expect(expectValid(ObservationCreate, observationCreateExample)).toMatchObject({ valueQuantity: 72, status: "final" });
  });

  it.each([
    ["valueString", "Positive"],
    ["valueBoolean", false],
    ["valueCode", "POS"],
  ])("accepts %s as the value", (field, value) => {
    expectValid(ObservationCreate, { ...noValue, [field]: value });
  });

  it("accepts no value when cancelled or entered in error", () => {
    expectValid(ObservationCreate, { ...noValue, status: "cancelled" });
    expectValid(ObservationCreate, { ...noValue, status: "entered_in_error" });
  });

  it("requires a value otherwise, including when status defaults to final", () => {
    expectIssueAt(ObservationCreate, noValue, "valueQuantity");
    expectIssueAt(ObservationCreate, { ...noValue, status: "preliminary", valueString: "  " }, "valueQuantity");
  });

  it("rejects a reference range with low above high, allows equal", () => {
    expectIssueAt(ObservationCreate, { ...observationCreateExample, referenceRangeLow: 120 }, "referenceRangeHigh");
    expectValid(ObservationCreate, { ...observationCreateExample, referenceRangeLow: 100 });
  });

  it("needs the source system with a source id", () => {
    expectIssueAt(ObservationCreate, withChanges(observationCreateExample, { sourceEmr: undefined }), "sourceEmr");
    expectValid(ObservationCreate, withChanges(observationCreateExample, { sourceEmr: undefined, sourceObservationId: undefined }));
  });

  it.each([
    ["observationType", "vital-signs"],
    ["status", "done"],
    ["effectiveDatetime", "2024-05-01 08:30"],
    ["effectiveDatetime", "2024-05-01T08:30:00"],
    ["issuedDatetime", "yesterday"],
    ["valueQuantity", "72"],
    ["valueQuantity", Number.POSITIVE_INFINITY],
    ["valueQuantity", Number.MAX_VALUE],
    ["referenceRangeLow", -1e16],
    ["code", " "],
    ["codeSystem", "LOINC"],
    ["unit", "x".repeat(65)],
    ["abnormalFlag", "VERYHIGH1"],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(ObservationCreate, { ...observationCreateExample, [field]: value }, field);
  });
});

describe("ObservationUpdate", () => {
  it("accepts partial corrections and empty updates", () => {
    expect(expectValid(ObservationUpdate, {})).toEqual({});
    expect(expectValid(ObservationUpdate, { status: "corrected", valueQuantity: 75 })).toEqual({
      status: "corrected",
      valueQuantity: 75,
    });
  });
  it("refuses patientId and the source identity, checks ranges and field rules", () => {
    expectUnknownKeys(ObservationUpdate, { patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c", sourceObservationId: "x" }, ["patientId", "sourceObservationId"]);
    expectIssueAt(ObservationUpdate, { referenceRangeLow: 5, referenceRangeHigh: 1 }, "referenceRangeHigh");
    expectIssueAt(ObservationUpdate, { status: "final-ish" }, "status");
    expectIssueAt(ObservationUpdate, { effectiveDatetime: null }, "effectiveDatetime");
  });
});

describe("ObservationResponse", () => {
  it("parses a stored observation", () => {
    expect(expectValid(ObservationResponse, observationResponseExample)).toEqual(observationResponseExample);
  });
  it("requires ids, Dates and every column", () => {
    expectIssueAt(ObservationResponse, { ...observationResponseExample, id: "1" }, "id");
    const textDate = { ...observationResponseExample, effectiveDatetime: "2024-05-01T08:30:00Z" };
    expectIssueAt(ObservationResponse, textDate, "effectiveDatetime");
    expectIssueAt(ObservationResponse, withChanges(observationResponseExample, { note: undefined }), "note");
    expectIssueAt(ObservationResponse, withChanges(observationResponseExample, { status: undefined }), "status");
  });
});
