import { z } from "zod";
import { REQUIRED, requiredOr } from "@/lib/shared-schema/messages";

const CONTROL_CHARACTER = /\p{Cc}/u;
/** Control characters other than tab and line breaks; PostgreSQL refuses NUL in text and jsonb outright. */
const CONTROL_CHARACTER_IN_TEXT = /[^\P{Cc}\t\n\r]/u;
/** A lone UTF-16 surrogate: not Unicode text, and refused by jsonb. */
const LONE_SURROGATE = /\p{Cs}/u;

const isBlank = (value: unknown): boolean => typeof value === "string" && value.trim() === "";

/**
 * A nullable column's input: a blank string (an empty form field) becomes null, null clears the value, and an
 * absent key leaves it unchanged, which is what a partial update needs.
 */
export function nullableField<T extends z.ZodType>(schema: T) {
  return z.preprocess((value: unknown) => (isBlank(value) ? null : value), schema.nullable()).optional();
}

/** An optional value inside a JSON document: a blank string means absent. */
export function optionalField<T extends z.ZodType>(schema: T) {
  return z.preprocess((value: unknown) => (isBlank(value) ? undefined : value), schema.optional());
}

/** One line of text: trimmed, no control characters (newlines, tabs, NUL), at most `max` characters. */
export function singleLine(max: number) {
  return z
    .string({ error: requiredOr() })
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTER.test(value), "Must be a single line without control characters")
    .refine((value) => !LONE_SURROGATE.test(value), "Must be valid Unicode text");
}

/** Free text (notes, instructions): newlines and tabs allowed, trimmed, other control characters refused. */
export function longText(max: number) {
  return z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTER_IN_TEXT.test(value), "Must not contain control characters")
    .refine((value) => !LONE_SURROGATE.test(value), "Must be valid Unicode text");
}

/** Required text of a NOT NULL varchar column: trimmed and non-empty. */
export function requiredText(max: number) {
  return singleLine(max).min(1, REQUIRED);
}

/** Optional text of a nullable varchar column (see nullableField). */
export function optionalText(max: number) {
  return nullableField(singleLine(max));
}

/** Free text of a nullable text column (notes, instructions): newlines allowed, trimmed. */
export function optionalLongText(max: number) {
  return nullableField(longText(max));
}

/**
 * How large a measured number may be (a result, a reference limit, a dose): far beyond any clinical quantity (a
 * platelet count in /L is 1e11), and well inside what a double precision column takes — Prisma writes numbers near
 * Number.MAX_VALUE in a form PostgreSQL refuses as out of range.
 */
export const QUANTITY_LIMIT = 1e15;

export const Quantity = z
  .number()
  .min(-QUANTITY_LIMIT, "Must be between -10^15 and 10^15")
  .max(QUANTITY_LIMIT, "Must be between -10^15 and 10^15");

/** A database id (PostgreSQL gen_random_uuid()). */
export const Uuid = z.uuid({ error: requiredOr("Must be a UUID") }).describe("UUID");

/**
 * A BigInt counter column (pg int8) as a JSON-safe number; also accepts plain numbers, so a DTO that was already
 * converted parses too.
 */
export const Counter = z
  .union([z.bigint(), z.number()])
  .transform((value) => Number(value))
  .pipe(z.number().int().nonnegative())
  .describe("Non-negative count");

/** A JSON object (Prisma Json column holding an object). */
export const JsonObject = z.record(z.string(), z.json()).describe("JSON object");

/** A code system URI such as http://loinc.org or urn:oid:2.16.840.1.113883.6.1. */
export const CodeSystemUri = singleLine(255)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, "Must be a URI (http://… or urn:…)")
  .describe("Code system URI");

/** Medical record number: letters, digits and dashes, 1–64 characters. */
export const Mrn = z
  .string({ error: requiredOr() })
  .trim()
  .min(1, { error: REQUIRED, abort: true })
  .regex(/^[A-Za-z0-9-]{1,64}$/, "MRN must be 1–64 letters, digits or dashes")
  .describe("Medical record number, unique in Meridian");
export type Mrn = z.infer<typeof Mrn>;
