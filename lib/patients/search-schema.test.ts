import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PatientSearchCriteria, PatientSortField } from "@/lib/patients/schema";
import { expectIssueAt, expectValid } from "@/lib/shared-schema/test-helpers";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2024-05-01T12:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("PatientSearchCriteria", () => {
  it("applies defaults to an empty query", () => {
    expect(expectValid(PatientSearchCriteria, {})).toEqual({ mrnPrefix: false, includeMerged: false, dir: "asc", page: 1, pageSize: 25 });
  });

  it("coerces a URL query string", () => {
    const query = new URLSearchParams(
      "name=jon%20smth&mrn=MRN-00&mrnPrefix=true&birthDate=1980-01-01&gender=male&sourceEmr=epic" +
        "&sort=-updatedAt&page=2&pageSize=50&firstName=",
    );
    expect(expectValid(PatientSearchCriteria, query)).toEqual({
      name: "jon smth",
      mrn: "MRN-00",
      mrnPrefix: true,
      includeMerged: false,
      birthDate: new Date("1980-01-01T00:00:00Z"),
      gender: "male",
      sourceEmr: "epic",
      sort: "updatedAt",
      dir: "desc",
      page: 2,
      pageSize: 50,
    });
  });

  it("takes any identifier a source assigned (HL7 allows more than an MRN's letters, digits and dashes), with its authority", () => {
    expect(expectValid(PatientSearchCriteria, { mrn: "00 123.4/A", mrnAuthority: "ST. MARY", includeMerged: "true" })).toMatchObject({
      mrn: "00 123.4/A",
      mrnAuthority: "ST. MARY",
      includeMerged: true,
    });
  });

  it("accepts a Next.js searchParams record with sort and dir", () => {
    const criteria = expectValid(PatientSearchCriteria, { lastName: "Smith", sort: "birthDate", dir: "desc", page: ["3"] });
    expect(criteria).toMatchObject({ lastName: "Smith", sort: "birthDate", dir: "desc", page: 3 });
  });

  it.each([
    ["pageSize", { pageSize: "500" }],
    ["pageSize", { pageSize: "0" }],
    ["page", { page: "0" }],
    ["page", { page: "two" }],
    ["sort", { sort: "ssn" }],
    ["sort", { sort: "-firstName" }],
    ["dir", { dir: "sideways" }],
    ["dir", { sort: "-name", dir: "asc" }],
    ["gender", { gender: "M" }],
    ["birthDate", { birthDate: "2999-01-01" }],
    ["birthDate", { birthDate: "1980/01/01" }],
    ["mrn", { mrn: "x".repeat(129) }],
    ["mrn", { mrn: "MRN\u00001" }],
    ["mrnAuthority", { mrnAuthority: "x".repeat(65) }],
    ["includeMerged", { includeMerged: "perhaps" }],
    ["mrnPrefix", { mrnPrefix: "maybe" }],
    ["name", { name: "x".repeat(201) }],
  ])("rejects an invalid %s", (path, query) => {
    expectIssueAt(PatientSearchCriteria, query, path);
  });
});

describe("PatientSortField", () => {
  it("lists the sortable fields", () => {
    expect(PatientSortField.options).toEqual(["name", "mrn", "birthDate", "updatedAt"]);
    expect(PatientSortField.safeParse("ssnLast4").success).toBe(false);
  });
});
