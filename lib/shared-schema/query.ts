import { z } from "zod";

const NUMERIC = /^[+-]?\d+(?:\.\d+)?$/;
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false, "1": true, "0": false };

/** A query-string value: the first of repeated keys, and blank ("?mrn=") as absent. */
export function firstValue(value: unknown): unknown {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return first;
  const trimmed = first.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** An optional query parameter validated by `schema` (see firstValue). */
export function queryParam<T extends z.ZodType>(schema: T) {
  return z.preprocess(firstValue, schema.optional());
}

/** A number from a query string ("25") or JSON; text that is not a plain decimal number is rejected. */
export function queryNumber<T extends z.ZodType<number>>(schema: T) {
  return z.preprocess((value: unknown) => {
    const first = firstValue(value);
    return typeof first === "string" && NUMERIC.test(first) ? Number(first) : first;
  }, schema);
}

/** A boolean from a query string ("true"/"false"/"1"/"0", any case) or JSON; `fallback` when absent or blank. */
export function queryBoolean(fallback = false) {
  return z.preprocess((value: unknown) => {
    const first = firstValue(value);
    return typeof first === "string" ? (BOOLEANS[first.toLowerCase()] ?? first) : first;
  }, z.boolean().default(fallback));
}

/** page (from 1) and pageSize (1–100, default 25), coerced from the query string. */
export const paginationShape = {
  page: queryNumber(z.number().int().min(1, "page starts at 1").default(1)).describe("Page number, from 1"),
  pageSize: queryNumber(
    z.number().int().min(1, "pageSize is at least 1").max(100, "pageSize is at most 100").default(25),
  ).describe("Results per page, 1–100"),
};

export const SortDirection = z.enum(["asc", "desc"]).describe("Sort direction");
export type SortDirection = z.infer<typeof SortDirection>;

/** `sort` (one of `fields`) and `dir` (asc unless given or implied by a "-" prefix, see prepareQuery). */
export function sortShape<const F extends readonly [string, ...string[]]>(fields: F) {
  return {
    sort: queryParam(z.enum(fields, { error: `sort must be one of ${fields.join(", ")}` })).describe(
      `Sort field (${fields.join(", ")}); prefix with "-" for descending`,
    ),
    dir: z.preprocess(firstValue, SortDirection.default("asc")).describe("Sort direction, asc by default"),
  };
}

const firstValues = (params: URLSearchParams): Record<string, string | null> =>
  Object.fromEntries([...params.keys()].map((key) => [key, params.get(key)]));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Normalizes the raw query before field validation: URLSearchParams become a plain record (first value of each
 * key), and a "-" prefix on `sort` ("sort=-updatedAt") becomes dir=desc, so both that style and sort+dir work.
 */
export function prepareQuery(input: unknown, ctx: z.RefinementCtx): unknown {
  const record = input instanceof URLSearchParams ? firstValues(input) : input;
  if (!isRecord(record)) return record;
  const sort = firstValue(record.sort);
  if (typeof sort !== "string" || !sort.startsWith("-")) return record;
  if (firstValue(record.dir) === "asc") {
    ctx.addIssue({ code: "custom", path: ["dir"], message: 'dir=asc conflicts with the "-" (descending) sort prefix' });
  }
  return { ...record, sort: sort.slice(1), dir: "desc" };
}

/**
 * A range bound from the query string: an ISO date-time with a time zone, or a calendar date meaning the start
 * (`bound` "start") or the end ("end", 23:59:59.999 UTC) of that day, so "to=2024-05-01" includes all of May 1.
 */
export function queryInstant(bound: "start" | "end") {
  const time = bound === "start" ? "00:00:00.000" : "23:59:59.999";
  return queryParam(
    z
      .union([z.iso.datetime({ offset: true }), z.iso.date()], {
        error: "Must be YYYY-MM-DD or an ISO 8601 date-time with a time zone",
      })
      .transform((value) => new Date(value.length === 10 ? `${value}T${time}Z` : value))
      // Year 0000 parses but is no PostgreSQL timestamp: refused here rather than failing the query with a 500.
      .refine((value) => value.getUTCFullYear() >= 1, "Must be in year 0001 or later"),
  );
}
