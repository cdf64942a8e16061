import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  firstValue,
  paginationShape,
  prepareQuery,
  queryBoolean,
  queryInstant,
  queryNumber,
  queryParam,
  SortDirection,
  sortShape,
} from "@/lib/shared-schema/query";
import { expectIssueAt, expectValid } from "@/lib/shared-schema/test-helpers";

describe("firstValue", () => {
  it("takes the first of repeated keys, trims, and treats blank as absent", () => {
    expect(firstValue(["a", "b"])).toBe("a");
    expect(firstValue("  x ")).toBe("x");
    expect(firstValue("  ")).toBeUndefined();
    expect(firstValue(5)).toBe(5);
  });
});

describe("queryParam", () => {
  const schema = z.object({ code: queryParam(z.string().max(3)) });
  it("is optional and ignores blanks", () => {
    expect(expectValid(schema, {})).toEqual({});
    expect(expectValid(schema, { code: "" })).toEqual({});
    expect(expectValid(schema, { code: ["ab", "cd"] })).toEqual({ code: "ab" });
  });
  it("still validates present values", () => {
    expectIssueAt(schema, { code: "abcd" }, "code");
  });
});

describe("queryNumber", () => {
  const schema = z.object({ n: queryNumber(z.number().int().max(10)) });
  it("coerces decimal strings and keeps numbers", () => {
    expect(expectValid(schema, { n: "7" })).toEqual({ n: 7 });
    expect(expectValid(schema, { n: 3 })).toEqual({ n: 3 });
  });
  it("rejects non-numeric text, hex, exponents and out-of-range values", () => {
    for (const n of ["seven", "0x10", "1e1", "11", "2.5", true]) expectIssueAt(schema, { n }, "n");
  });
});

describe("queryBoolean", () => {
  const schema = z.object({ flag: queryBoolean() });
  it("parses true/false/1/0 in any case and defaults to false", () => {
    expect(expectValid(schema, { flag: "true" })).toEqual({ flag: true });
    expect(expectValid(schema, { flag: "FALSE" })).toEqual({ flag: false });
    expect(expectValid(schema, { flag: "1" })).toEqual({ flag: true });
    expect(expectValid(schema, { flag: false })).toEqual({ flag: false });
    expect(expectValid(schema, {})).toEqual({ flag: false });
    expect(expectValid(schema, { flag: "" })).toEqual({ flag: false });
  });
  it("rejects other words", () => {
    expectIssueAt(schema, { flag: "yes please" }, "flag");
    expectIssueAt(schema, { flag: "2" }, "flag");
  });
});

describe("paginationShape", () => {
  const schema = z.object(paginationShape);
  it("defaults to page 1 of 25 and coerces strings", () => {
    expect(expectValid(schema, {})).toEqual({ page: 1, pageSize: 25 });
    expect(expectValid(schema, { page: "3", pageSize: "100" })).toEqual({ page: 3, pageSize: 100 });
  });
  it("rejects page 0, pageSize 500 and fractions", () => {
    expectIssueAt(schema, { page: "0" }, "page");
    expectIssueAt(schema, { pageSize: "500" }, "pageSize");
    expectIssueAt(schema, { pageSize: "0" }, "pageSize");
    expectIssueAt(schema, { page: "1.5" }, "page");
  });
});

describe("SortDirection", () => {
  it("accepts asc and desc only", () => {
    expect(SortDirection.parse("desc")).toBe("desc");
    expect(SortDirection.safeParse("DESC").success).toBe(false);
    expect(SortDirection.safeParse("up").success).toBe(false);
  });
});

describe("sortShape with prepareQuery", () => {
  const schema = z.preprocess(prepareQuery, z.object(sortShape(["name", "updatedAt"] as const)));
  it("accepts sort+dir, a '-' prefix, and defaults dir to asc", () => {
    expect(expectValid(schema, { sort: "name" })).toEqual({ sort: "name", dir: "asc" });
    expect(expectValid(schema, { sort: "updatedAt", dir: "desc" })).toEqual({ sort: "updatedAt", dir: "desc" });
    expect(expectValid(schema, { sort: "-updatedAt" })).toEqual({ sort: "updatedAt", dir: "desc" });
    expect(expectValid(schema, new URLSearchParams("sort=-name&sort=mrn"))).toEqual({ sort: "name", dir: "desc" });
    expect(expectValid(schema, {})).toEqual({ dir: "asc" });
  });
  it("rejects unknown fields and directions, and a prefix that contradicts dir", () => {
    expectIssueAt(schema, { sort: "ssn" }, "sort");
    expectIssueAt(schema, { sort: "--name" }, "sort");
    expectIssueAt(schema, { sort: "name", dir: "down" }, "dir");
    expectIssueAt(schema, { sort: "-name", dir: "asc" }, "dir");
  });
});

describe("prepareQuery", () => {
  const schema = z.preprocess(prepareQuery, z.object({ q: queryParam(z.string()) }));
  it("reads URLSearchParams, first value per key", () => {
    expect(expectValid(schema, new URLSearchParams("q=a&q=b"))).toEqual({ q: "a" });
  });
  it("leaves non-objects for the object schema to reject", () => {
    expectIssueAt(schema, "q=a", "");
    expectIssueAt(schema, null, "");
  });
});

describe("queryInstant", () => {
  const schema = z.object({ from: queryInstant("start"), to: queryInstant("end") });
  it("turns dates into the start or end of the UTC day and keeps date-times", () => {
    expect(expectValid(schema, { from: "2024-05-01", to: "2024-05-01" })).toEqual({
      from: new Date("2024-05-01T00:00:00.000Z"),
      to: new Date("2024-05-01T23:59:59.999Z"),
    });
    expect(expectValid(schema, { from: "2024-05-01T10:00:00+02:00" })).toEqual({
      from: new Date("2024-05-01T08:00:00Z"),
    });
  });
  it("rejects other formats", () => {
    expectIssueAt(schema, { from: "05/01/2024" }, "from");
    expectIssueAt(schema, { to: "2024-05-01T10:00:00" }, "to");
  });
  it("rejects year 0000, which PostgreSQL cannot compare with (the query failed with a 500)", () => {
    expectIssueAt(schema, { from: "0000-01-01" }, "from");
    expectIssueAt(schema, { to: "0000-12-31T00:00:00Z" }, "to");
    expect(expectValid(schema, { from: "0001-01-01" })).toEqual({ from: new Date("0001-01-01T00:00:00.000Z") });
  });
});
