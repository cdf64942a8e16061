import { encodingCharacters, type Hl7Delimiters } from "@/lib/hl7/er7/delimiters";
import { escapeValue } from "@/lib/hl7/er7/escape";

/** A field to write: plain text, components (text or sub-component lists), or repetitions of those. */
export type FieldValue = string | (string | string[])[] | { repetitions: (string | (string | string[])[])[] };

function encodeRepetition(value: string | (string | string[])[], delimiters: Hl7Delimiters): string {
  if (typeof value === "string") return escapeValue(value, delimiters);
  return value
    .map((component) => (typeof component === "string" ? [component] : component).map((sub) => escapeValue(sub, delimiters)).join(delimiters.subComponent))
    .join(delimiters.component);
}

function encodeFieldValue(value: FieldValue, delimiters: Hl7Delimiters): string {
  if (typeof value === "object" && !Array.isArray(value)) return value.repetitions.map((repetition) => encodeRepetition(repetition, delimiters)).join(delimiters.repetition);
  return encodeRepetition(value, delimiters);
}

/**
 * One segment as ER7 text. `fields[0]` is field 1; for MSH the separator and encoding characters are written from the
 * delimiters, so `fields` starts at MSH-3. Trailing empty fields are left off.
 */
export function encodeSegment(name: string, fields: FieldValue[], delimiters: Hl7Delimiters): string {
  const encoded = fields.map((field) => encodeFieldValue(field, delimiters));
  while (encoded.length > 0 && encoded.at(-1) === "") encoded.pop();
  if (name === "MSH") return [`MSH${delimiters.field}${encodingCharacters(delimiters)}`, ...encoded].join(delimiters.field);
  return [name, ...encoded].join(delimiters.field);
}

/** Segments joined with the standard terminator, \r, after each. */
export function joinSegments(segments: string[]): string {
  return segments.map((segment) => `${segment}\r`).join("");
}
