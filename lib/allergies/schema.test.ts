import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AllergyBase,
  AllergyCreate,
  AllergyReaction,
  AllergyResponse,
  AllergyUpdate,
  ReactionSeverityEnum,
} from "@/lib/allergies/schema";
import { allergyCreateExample, allergyResponseExample } from "@/lib/allergies/schema.examples";
import { expectIssueAt, expectUnknownKeys, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2024-05-01T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ReactionSeverityEnum", () => {
  it("accepts mild, moderate, severe only", () => {
    expect(ReactionSeverityEnum.options).toEqual(["mild", "moderate", "severe"]);
    expect(ReactionSeverityEnum.safeParse("fatal").success).toBe(false);
  });
});

describe("AllergyReaction", () => {
  it("needs a manifestation; severity and description are optional", () => {
    expect(expectValid(AllergyReaction, { manifestation: " Rash ", description: "" })).toEqual({ manifestation: "Rash" });
    expectValid(AllergyReaction, { manifestation: "Anaphylaxis", severity: "severe", description: "ICU admission" });
  });
  it("rejects a missing manifestation and unknown severities", () => {
    expectIssueAt(AllergyReaction, {}, "manifestation");
    expectIssueAt(AllergyReaction, { manifestation: "  " }, "manifestation");
    expectIssueAt(AllergyReaction, { manifestation: "Rash", severity: "bad" }, "severity");
  });
  it("refuses unknown keys", () => {
    expectUnknownKeys(AllergyReaction, { manifestation: "Rash", extra: 1 }, ["extra"]);
  });
});

describe("AllergyBase", () => {
  it("parses an allergy", () => {
    const allergy = expectValid(AllergyBase, allergyCreateExample);
    expect(allergy.onsetDate).toEqual(new Date("2010-06-01T00:00:00Z"));
  });
  it("requires allergen and category, and refuses fields it does not have (the patient is the chart's)", () => {
    expectUnknownKeys(AllergyBase, { ...allergyCreateExample, patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c" }, ["patientId"]);
    for (const field of ["allergen", "category"]) {
      expectIssueAt(AllergyBase, withChanges(allergyCreateExample, { [field]: undefined }), field);
    }
  });
});

describe("AllergyCreate", () => {
  it("accepts a full and a minimal allergy", () => {
    expectValid(AllergyCreate, allergyCreateExample);
    const minimal = { allergen: "Peanut", category: "food" };
    expect(expectValid(AllergyCreate, minimal)).toEqual(minimal);
  });

  it.each([
    ["category", "drug"],
    ["allergyType", "sensitivity"],
    ["clinicalStatus", "current"],
    ["verificationStatus", "entered-in-error"],
    ["criticality", "unable-to-assess"],
    ["onsetDate", "2999-01-01"],
    ["recordedDate", "1850-01-01"],
    ["reactions", "hives"],
    ["reactions", Array.from({ length: 51 }, () => ({ manifestation: "Rash" }))],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(AllergyCreate, { ...allergyCreateExample, [field]: value }, field);
  });

  it("needs the source system with a source id", () => {
    expectIssueAt(AllergyCreate, { ...allergyCreateExample, sourceAllergyId: "AL-1" }, "sourceEmr");
    expectValid(AllergyCreate, { ...allergyCreateExample, sourceEmr: "epic", sourceAllergyId: "AL-1" });
    expectValid(AllergyCreate, { ...allergyCreateExample, sourceEmr: "epic" });
  });

  it("refuses a NUL character in a reaction's description (PostgreSQL would)", () => {
    const reactions = [{ manifestation: "Rash", description: "bad\u0000byte" }];
    expectIssueAt(AllergyCreate, { ...allergyCreateExample, reactions }, "reactions.0.description");
  });

  it("reports the path inside reactions", () => {
    expectIssueAt(AllergyCreate, { ...allergyCreateExample, reactions: [{ severity: "mild" }] }, "reactions.0.manifestation");
    expectIssueAt(
      AllergyCreate,
      { ...allergyCreateExample, reactions: [{ manifestation: "Rash" }, { manifestation: "Hives", severity: "extreme" }] },
      "reactions.1.severity",
    );
  });
});

describe("AllergyUpdate", () => {
  it("accepts a status change, clearing criticality, and an empty update", () => {
    expect(expectValid(AllergyUpdate, { clinicalStatus: "resolved", criticality: null })).toEqual({
      clinicalStatus: "resolved",
      criticality: null,
    });
    expect(expectValid(AllergyUpdate, {})).toEqual({});
  });
  it("keeps field rules and required columns", () => {
    expectIssueAt(AllergyUpdate, { verificationStatus: "maybe" }, "verificationStatus");
    expectIssueAt(AllergyUpdate, { allergen: null }, "allergen");
    expectIssueAt(AllergyUpdate, { category: null }, "category");
  });
  it("cannot change the source identity", () => {
    expectUnknownKeys(AllergyUpdate, { sourceEmr: "epic", sourceAllergyId: "AL-1" }, ["sourceEmr", "sourceAllergyId"]);
  });
});

describe("AllergyResponse", () => {
  it("parses a stored allergy", () => {
    expect(expectValid(AllergyResponse, allergyResponseExample)).toEqual(allergyResponseExample);
  });
  it("requires ids, calendar dates as YYYY-MM-DD, statuses and the reactions array", () => {
    expectIssueAt(AllergyResponse, { ...allergyResponseExample, id: "a1" }, "id");
    expectIssueAt(AllergyResponse, { ...allergyResponseExample, onsetDate: new Date("2010-06-01T00:00:00Z") }, "onsetDate");
    expectIssueAt(AllergyResponse, { ...allergyResponseExample, onsetDate: "2010-06-01T00:00:00.000Z" }, "onsetDate");
    expectIssueAt(AllergyResponse, withChanges(allergyResponseExample, { clinicalStatus: undefined }), "clinicalStatus");
    expectIssueAt(AllergyResponse, withChanges(allergyResponseExample, { reactions: undefined }), "reactions");
  });
});
