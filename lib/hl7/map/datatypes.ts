import { Hl7Error, type Hl7ErrorLocation } from "@/lib/hl7/er7/errors";
import { HL7_NULL } from "@/lib/hl7/er7/message";

/**
 * A field's meaning for an update: `undefined` when the sender left it out (keep what we have), `null` for the HL7
 * null `""` (clear it), otherwise the value.
 */
export type Update<T> = T | null | undefined;

export function presence(raw: string): Update<string> {
  if (raw === "") return undefined;
  if (raw === HL7_NULL) return null;
  return raw;
}

export function mapUpdate<T, U>(value: Update<T>, convert: (present: T) => U): Update<U> {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return convert(value);
}

const DTM = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

export interface Hl7DateTime {
  /** The instant; a value without an offset is read as UTC (senders in one zone should send MSH-7's offset). */
  instant: Date;
  /** YYYY-MM-DD of the calendar day as written (no zone shift). */
  date: string;
  hasTime: boolean;
}

function dataTypeError(what: string, raw: string, at: Hl7ErrorLocation): Hl7Error {
  return new Hl7Error(102, `${at.segment}-${at.field ?? "?"}${at.component && at.component > 1 ? `.${at.component}` : ""} (${what}) is not valid: "${raw.slice(0, 40)}"`, { location: at });
}

/** An HL7 DT/DTM/TS value (year to fractions of a second, optional ±HHMM offset); throws a 102 error otherwise. */
export function parseDateTime(raw: string, what: string, at: Hl7ErrorLocation): Hl7DateTime {
  const match = DTM.exec(raw.trim());
  if (!match) throw dataTypeError(what, raw, at);
  const [, year, month = "01", day = "01", hour, minute = "00", second = "00", fraction = "0", offset] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  const iso = `${year}-${month}-${day}T${hour ?? "00"}:${minute}:${second}.${fraction.padEnd(3, "0").slice(0, 3)}${offset ? `${offset.slice(0, 3)}:${offset.slice(3)}` : "Z"}`;
  const instant = new Date(iso);
  const calendar = new Date(Date.UTC(Number(year), monthNumber - 1, dayNumber));
  const validDay = calendar.getUTCMonth() === monthNumber - 1 && calendar.getUTCDate() === dayNumber;
  const validTime = Number(hour ?? 0) < 24 && Number(minute) < 60 && Number(second) < 60;
  if (Number.isNaN(instant.getTime()) || !validDay || !validTime || Number(year) < 1800) throw dataTypeError(what, raw, at);
  return { instant, date: `${year}-${month}-${day}`, hasTime: hour !== undefined };
}

/** An HL7 NM value; throws a 102 error when it is not a number. */
export function parseNumber(raw: string, what: string, at: Hl7ErrorLocation): number {
  const value = raw.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) throw dataTypeError(what, raw, at);
  return Number(value);
}

export function requireValue(raw: string, what: string, at: Hl7ErrorLocation): string {
  if (raw === "" || raw === HL7_NULL) throw new Hl7Error(101, `${at.segment}-${at.field ?? "?"} (${what}) is required`, { location: at });
  return raw;
}

/** Text bounded to a column's length, so no sender can make a write fail on a too-long value. */
export function bounded(value: string, length: number): string {
  return value.length > length ? value.slice(0, length) : value;
}
