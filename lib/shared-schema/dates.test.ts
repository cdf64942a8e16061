import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  calendarDateToUtc,
  EARLIEST_DATE,
  isoDate,
  isoDateTime,
  latestToday,
  pastIsoDate,
  requireOrder,
} from "@/lib/shared-schema/dates";
import { expectIssueAt } from "@/lib/shared-schema/test-helpers";

describe("latestToday", () => {
  it("is the date in UTC+14", () => {
    expect(latestToday(new Date("2024-05-01T09:59:59Z"))).toBe("2024-05-01");
    expect(latestToday(new Date("2024-05-01T10:00:00Z"))).toBe("2024-05-02");
  });
});

describe("calendarDateToUtc / isoDate", () => {
  it("gives UTC midnight", () => {
    expect(calendarDateToUtc("2024-02-29").toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(isoDate().parse("2030-12-31")).toEqual(new Date("2030-12-31T00:00:00Z"));
  });
  it("rejects non-dates, impossible dates and date-times", () => {
    expect(isoDate().safeParse("2023-02-29").success).toBe(false);
    expect(isoDate().safeParse("01/02/2024").success).toBe(false);
    expect(isoDate().safeParse("2024-01-01T00:00:00Z").success).toBe(false);
    expect(isoDate().safeParse(new Date()).success).toBe(false);
  });
  it("refuses dates before 1900, year 0000 included (no PostgreSQL date: it was a 500)", () => {
    expect(isoDate().parse("1900-01-01")).toEqual(new Date("1900-01-01T00:00:00Z"));
    for (const value of ["1899-12-31", "0000-01-01", "0001-01-01"]) expect(isoDate().safeParse(value).success, value).toBe(false);
  });
});

describe("pastIsoDate", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2024-05-01T12:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("accepts 1900-01-01 up to today in the earliest time zone", () => {
    expect(pastIsoDate().parse(EARLIEST_DATE)).toEqual(new Date("1900-01-01T00:00:00Z"));
    expect(pastIsoDate().parse("2024-05-01")).toEqual(new Date("2024-05-01T00:00:00Z"));
    expect(pastIsoDate().parse("2024-05-02")).toEqual(new Date("2024-05-02T00:00:00Z"));
  });

  it("rejects the future, before 1900 and malformed input with one issue each", () => {
    for (const value of ["2024-05-03", "1899-12-31", "not a date"]) {
      const result = pastIsoDate().safeParse(value);
      expect(result.success).toBe(false);
      expect(result.error?.issues).toHaveLength(1);
    }
  });
});

describe("isoDateTime", () => {
  it("accepts Z and offsets, coerced to the same instant", () => {
    expect(isoDateTime().parse("2024-05-01T08:30:00Z")).toEqual(new Date("2024-05-01T08:30:00Z"));
    expect(isoDateTime().parse("2024-05-01T10:30:00.123+02:00")).toEqual(new Date("2024-05-01T08:30:00.123Z"));
  });
  it("rejects local times without zone and dates alone", () => {
    expect(isoDateTime().safeParse("2024-05-01T08:30:00").success).toBe(false);
    expect(isoDateTime().safeParse("2024-05-01").success).toBe(false);
    expect(isoDateTime().safeParse("yesterday").success).toBe(false);
  });
  it("refuses instants before 1900, year 0000 included", () => {
    expect(isoDateTime().safeParse("1900-01-01T00:00:00Z").success).toBe(true);
    for (const value of ["1899-12-31T23:59:59Z", "0000-06-01T00:00:00Z", "1900-01-01T00:30:00+01:00"]) {
      expect(isoDateTime().safeParse(value).success, value).toBe(false);
    }
  });
});

describe("requireOrder", () => {
  const Range = z
    .object({ low: z.number().nullish(), high: z.number().nullish() })
    .superRefine((value, ctx) => requireOrder(ctx, value.low, value.high, ["high"], "high < low"));

  it("passes ordered, equal and incomplete ranges", () => {
    expect(Range.safeParse({ low: 1, high: 2 }).success).toBe(true);
    expect(Range.safeParse({ low: 2, high: 2 }).success).toBe(true);
    expect(Range.safeParse({ low: 5 }).success).toBe(true);
    expect(Range.safeParse({ low: null, high: 1 }).success).toBe(true);
  });
  it("flags an inverted range at the given path", () => {
    expectIssueAt(Range, { low: 3, high: 2 }, "high");
  });
  it("compares dates", () => {
    const Dates = z
      .object({ a: z.date(), b: z.date() })
      .superRefine((value, ctx) => requireOrder(ctx, value.a, value.b, ["b"], "b before a"));
    expectIssueAt(Dates, { a: new Date("2024-02-01"), b: new Date("2024-01-01") }, "b");
  });
});
