import { z } from "zod";
import { ISO_3166_ALPHA2 } from "@/lib/shared-schema/iso3166";
import { singleLine } from "@/lib/shared-schema/fields";
import { REQUIRED } from "@/lib/shared-schema/messages";

const EXTENSION = /\s*(?:x|ext\.?|extension)\s*\d{1,6}$/i;
const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/;
const E164_DIGITS = /^[1-9]\d{6,14}$/;
const NANP_DIGITS = /^1?[2-9]\d{2}[2-9]\d{6}$/;

/**
 * Loose phone check: international numbers written with a leading "+" (E.164, 7–15 digits) or North American
 * numbers (10 digits, optional leading 1) in any common punctuation, with an optional extension ("x123", "ext. 12").
 */
export function isPhoneNumber(value: string): boolean {
  const number = value.replace(EXTENSION, "");
  if (!PHONE_CHARACTERS.test(number)) return false;
  const digits = number.replace(/\D/g, "");
  return number.startsWith("+") ? E164_DIGITS.test(digits) : NANP_DIGITS.test(digits);
}

export const PhoneNumber = singleLine(32)
  .refine(isPhoneNumber, "Must be a phone number: +<country code><number> or a 10-digit North American number")
  .describe("Phone number as entered, e.g. +1 415 555 2671 or (415) 555-2671 x12");

export const EmailAddress = singleLine(255)
  .min(1, { error: REQUIRED, abort: true })
  .check(z.email("Must be an email address"))
  .describe("Email address");

export const StateCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "Must be a 2-letter state or province code")
  .describe("2-letter state or province code, e.g. CA");

export const CountryCode = z
  .string()
  .trim()
  .toUpperCase()
  .length(2, "Must be a 2-letter ISO 3166-1 country code")
  .refine((value) => ISO_3166_ALPHA2.has(value), "Must be an ISO 3166-1 alpha-2 country code")
  .describe("ISO 3166-1 alpha-2 country code, e.g. US");

export const PostalCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9](?:[A-Z0-9 -]{0,10}[A-Z0-9])?$/, "Must be a postal code (letters, digits, spaces, dashes)")
  .describe("Postal code; a US ZIP is 12345 or 12345-6789");

/** US ZIP or ZIP+4. */
export const US_ZIP = /^\d{5}(?:-\d{4})?$/;
