import { z } from "zod";
import { requiredOr, spelledDate } from "@/lib/shared-schema/messages";

export const EARLIEST_DATE = "1900-01-01";
const UTC_PLUS_14_MS = 14 * 60 * 60 * 1000;

/**
 * Today's calendar date (YYYY-MM-DD) in UTC+14, the time zone furthest ahead: a date later than this is in the
 * future everywhere, so a birth recorded "today" in Kiribati or Auckland is never rejected.
 */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + UTC_PLUS_14_MS).toISOString().slice(0, 10);
}

/** A calendar date "YYYY-MM-DD" as a Date at UTC midnight, which is how Prisma writes a @db.Date column. */
export function calendarDateToUtc(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

/** The calendar date "YYYY-MM-DD" of a @db.Date value (a Date at UTC midnight): how a date-only field travels. */
export function utcToCalendarDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/**
 * A stored calendar date as responses carry it: "YYYY-MM-DD", never a midnight timestamp, so no client's time zone
 * can shift it to the day before.
 */
export const CalendarDate = z.iso.date().describe("Calendar date, YYYY-MM-DD");

/**
 * What a malformed date is told. A date picker only ever submits a complete YYYY-MM-DD or nothing (which is
 * "Required"); this reaches API callers and browsers whose date input is a text box, where YYYY-MM-DD is what the
 * input accepts. Bounds in messages are spelled out ("Jan 1, 1900"), since pickers order the digits by locale.
 */
const DATE_FORMAT = "Must be a complete date, written YYYY-MM-DD";

const ON_OR_AFTER_EARLIEST = `Must be on or after ${spelledDate(EARLIEST_DATE)}`;

/**
 * A calendar date given as "YYYY-MM-DD" from 1900-01-01 on, coerced to a Date at UTC midnight. (Year 0000 is a valid
 * string but no PostgreSQL date: unbounded, it failed the INSERT with a 500.)
 */
export function isoDate() {
  return z.iso
    .date({ error: requiredOr(DATE_FORMAT), abort: true })
    .refine((value) => value >= EARLIEST_DATE, ON_OR_AFTER_EARLIEST)
    .transform(calendarDateToUtc);
}

/** A calendar date that has happened: between 1900-01-01 and today ("YYYY-MM-DD", coerced to a Date). */
export function pastIsoDate() {
  return z.iso
    .date({ error: requiredOr(DATE_FORMAT), abort: true })
    .refine((value) => value >= EARLIEST_DATE, ON_OR_AFTER_EARLIEST)
    .refine((value) => value <= latestToday(), "Must not be in the future")
    .transform(calendarDateToUtc);
}

/** An instant as ISO 8601 with a time zone ("2024-05-01T08:30:00Z", "…+02:00") from 1900 on, coerced to a Date. */
export function isoDateTime() {
  return z.iso
    .datetime({ offset: true, error: requiredOr("Must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T08:30:00Z"), abort: true })
    .transform((value) => new Date(value))
    .refine((value) => value.getTime() >= calendarDateToUtc(EARLIEST_DATE).getTime(), ON_OR_AFTER_EARLIEST);
}

type Comparable = Date | number | null | undefined;

/**
 * Adds an issue at `path` when both bounds are present and lower > upper. Used by the cross-field refinements
 * (reference range, medication dates, search ranges), which zod 4 only allows on the derived, final schemas.
 */
export function requireOrder(
  ctx: z.RefinementCtx,
  lower: Comparable,
  upper: Comparable,
  path: readonly PropertyKey[],
  message: string,
): void {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return;
  if (Number(lower) > Number(upper)) ctx.addIssue({ code: "custom", path: [...path], message, input: upper });
}
