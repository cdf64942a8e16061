import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CodeSystemUri,
  Counter,
  JsonObject,
  Mrn,
  nullableField,
  optionalField,
  optionalLongText,
  optionalText,
  requiredText,
  singleLine,
  Uuid,
} from "@/lib/shared-schema/fields";
import { expectIssueAt, expectValid } from "@/lib/shared-schema/test-helpers";

describe("nullableField / optionalText", () => {
  const schema = z.object({ middleName: optionalText(5), count: nullableField(z.number()) });

  it("turns blank into null, keeps null, leaves absent keys absent", () => {
    expect(expectValid(schema, { middleName: "  ", count: null })).toEqual({ middleName: null, count: null });
    expect(expectValid(schema, { middleName: " Ann " })).toEqual({ middleName: "Ann" });
    expect(expectValid(schema, {})).toEqual({});
  });

  it("rejects too long, multi-line and wrongly typed values at the field", () => {
    expectIssueAt(schema, { middleName: "abcdef" }, "middleName");
    expectIssueAt(schema, { middleName: "a\nb" }, "middleName");
    expectIssueAt(schema, { middleName: 5 }, "middleName");
    expectIssueAt(schema, { count: "x" }, "count");
  });
});

describe("optionalField", () => {
  const schema = z.object({ note: optionalField(z.string().max(3)) });
  it("treats blank as absent", () => {
    expect(expectValid(schema, { note: " " })).toEqual({});
    expect(expectValid(schema, { note: "ok" })).toEqual({ note: "ok" });
  });
  it("rejects invalid values and null", () => {
    expectIssueAt(schema, { note: "toolong" }, "note");
    expectIssueAt(schema, { note: null }, "note");
  });
});

describe("text", () => {
  it("singleLine trims and rejects control characters and overlong text", () => {
    expect(singleLine(10).parse("  hi  ")).toBe("hi");
    expect(singleLine(10).safeParse("tab\there").success).toBe(false);
    expect(singleLine(3).safeParse("abcd").success).toBe(false);
  });

  it("requiredText rejects blank", () => {
    expect(requiredText(10).parse(" Smith ")).toBe("Smith");
    expect(requiredText(10).safeParse("   ").success).toBe(false);
    expect(requiredText(10).safeParse(undefined).success).toBe(false);
  });

  it("optionalLongText keeps newlines", () => {
    const schema = z.object({ note: optionalLongText(20) });
    expect(expectValid(schema, { note: "line 1\nline 2" })).toEqual({ note: "line 1\nline 2" });
    expectIssueAt(schema, { note: "x".repeat(21) }, "note");
  });
});

describe("Uuid", () => {
  it("accepts a UUID and rejects other strings", () => {
    expect(Uuid.parse("3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c")).toBe("3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c");
    expect(Uuid.safeParse("123").success).toBe(false);
    expect(Uuid.safeParse("3f2b8c1e6a4d4e8b9c2a1d5e7f9a0b3c").success).toBe(false);
  });
});

describe("Counter", () => {
  it("converts BigInt to number and accepts numbers", () => {
    expect(Counter.parse(BigInt(42))).toBe(42);
    expect(Counter.parse(7)).toBe(7);
  });
  it("rejects negative, fractional and textual counts", () => {
    expect(Counter.safeParse(BigInt(-1)).success).toBe(false);
    expect(Counter.safeParse(1.5).success).toBe(false);
    expect(Counter.safeParse("3").success).toBe(false);
  });
});

describe("JsonObject", () => {
  it("accepts nested JSON objects", () => {
    expect(JsonObject.parse({ a: [1, "b", null, { c: true }] })).toEqual({ a: [1, "b", null, { c: true }] });
  });
  it("rejects arrays, primitives and non-JSON values", () => {
    expect(JsonObject.safeParse([1]).success).toBe(false);
    expect(JsonObject.safeParse("x").success).toBe(false);
    expect(JsonObject.safeParse({ when: new Date() }).success).toBe(false);
  });
});

describe("CodeSystemUri", () => {
  it("accepts URLs and URNs", () => {
    expect(CodeSystemUri.parse("http://loinc.org")).toBe("http://loinc.org");
    expect(CodeSystemUri.parse("urn:oid:2.16.840.1.113883.6.1")).toBe("urn:oid:2.16.840.1.113883.6.1");
  });
  it("rejects plain words and blanks", () => {
    expect(CodeSystemUri.safeParse("LOINC").success).toBe(false);
    expect(CodeSystemUri.safeParse("http:// loinc").success).toBe(false);
  });
});

describe("Mrn", () => {
  it("accepts letters, digits and dashes, trimmed", () => {
    expect(Mrn.parse(" MRN-000123 ")).toBe("MRN-000123");
    expect(Mrn.parse("a".repeat(64))).toHaveLength(64);
  });
  it("rejects blanks, other characters and more than 64 characters", () => {
    expect(Mrn.safeParse("").success).toBe(false);
    expect(Mrn.safeParse("MRN 123").success).toBe(false);
    expect(Mrn.safeParse("MRN_123").success).toBe(false);
    expect(Mrn.safeParse("a".repeat(65)).success).toBe(false);
  });
});
