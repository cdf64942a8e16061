import { describe, expect, it } from "vitest";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { expectIssueAt, expectValid } from "@/lib/shared-schema/test-helpers";

describe("ObservationSearchCriteria", () => {
  it("applies defaults to an empty query", () => {
    expect(expectValid(ObservationSearchCriteria, {})).toEqual({ abnormalOnly: false, page: 1, pageSize: 25 });
  });

  it("coerces a URL query string; a date 'to' covers the whole day", () => {
    const query = new URLSearchParams({
      patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
      code: "8867-4",
      category: "vital_signs",
      from: "2024-05-01",
      to: "2024-05-31",
      status: "final",
      abnormalOnly: "true",
      page: "2",
      pageSize: "10",
    });
    expect(expectValid(ObservationSearchCriteria, query)).toEqual({
      patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
      code: "8867-4",
      category: "vital_signs",
      from: new Date("2024-05-01T00:00:00.000Z"),
      to: new Date("2024-05-31T23:59:59.999Z"),
      status: "final",
      abnormalOnly: true,
      page: 2,
      pageSize: 10,
    });
  });

  it("accepts the same day as from and to, and date-times", () => {
    expectValid(ObservationSearchCriteria, { from: "2024-05-01", to: "2024-05-01" });
    expectValid(ObservationSearchCriteria, { from: "2024-05-01T08:00:00Z", to: "2024-05-01T09:00:00Z" });
  });

  it.each([
    ["to", { from: "2024-06-01", to: "2024-05-01" }],
    ["to", { from: "2024-05-01T10:00:00Z", to: "2024-05-01T09:00:00Z" }],
    ["from", { from: "last week" }],
    ["patientId", { patientId: "123" }],
    ["category", { category: "vital-signs" }],
    ["status", { status: "done" }],
    ["abnormalOnly", { abnormalOnly: "sometimes" }],
    ["pageSize", { pageSize: "500" }],
    ["page", { page: "-1" }],
    ["code", { code: "x".repeat(65) }],
  ])("rejects an invalid %s", (path, query) => {
    expectIssueAt(ObservationSearchCriteria, query, path);
  });
});
