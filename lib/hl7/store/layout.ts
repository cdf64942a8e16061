import { readDelimiters } from "@/lib/hl7/er7/delimiters";
import { parseSegment, splitSegments, type Hl7Field } from "@/lib/hl7/er7/message";
import { fieldTitle } from "@/lib/hl7/store/field-names";

// The raw message laid out for reading: one row per segment, its fields as sent (escapes and all), each named, the
// field a processing error points at marked; and beside it the parsed structure (components, unescaped). Text only:
// the view renders every value as text, never as markup.

export interface LaidOutField {
  /** 1-based field number (MSH-1 is the field separator itself). */
  position: number;
  /** The field exactly as sent. */
  text: string;
  /** "PID-7 Date/Time of Birth". */
  title: string;
  /** The processing error points at this field. */
  offending: boolean;
}

export interface LaidOutSegment {
  /** The segment id; the whole line when it is not a segment. */
  name: string;
  /** Which one of the segments with this name (1 for the first OBX, 2 for the second …). */
  sequence: number;
  fields: LaidOutField[];
  /** The error points at this segment (a field of it, or the segment as a whole). */
  offending: boolean;
}

export interface ErrorLocation {
  segment: string;
  sequence: number;
  field: number | null;
  component: number | null;
}

/** "PID-7", "OBX[2]-14", "MSH-9.2", "PID" as the ingest stores them (lib/hl7/ingest/store.ts errorLocation). */
export function parseErrorLocation(location: string | null): ErrorLocation | null {
  const match = location ? /^([A-Z][A-Z0-9]{2})(?:\[(\d+)\])?(?:-(\d+))?(?:\.(\d+))?$/.exec(location) : null;
  if (!match?.[1]) return null;
  return { segment: match[1], sequence: match[2] ? Number(match[2]) : 1, field: match[3] ? Number(match[3]) : null, component: match[4] ? Number(match[4]) : null };
}

const HEADERS = new Set(["MSH", "FHS", "BHS"]);

/** The field separator the message declares (MSH-1), or "|" when it has no header to declare one. */
function fieldSeparator(raw: string): string {
  const first = raw.trimStart();
  return HEADERS.has(first.slice(0, 3)) && first.length > 3 ? first.charAt(3) : "|";
}

function fieldTexts(line: string, separator: string): string[] {
  const parts = line.split(separator);
  // MSH-1 is the separator itself: MSH|^~\&|… is MSH, "|", "^~\&", …
  return HEADERS.has(line.slice(0, 3)) ? [separator, ...parts.slice(1)] : parts.slice(1);
}

export function layOutSegments(raw: string, errorLocation: string | null): LaidOutSegment[] {
  const at = parseErrorLocation(errorLocation);
  const separator = fieldSeparator(raw);
  const seen = new Map<string, number>();
  return splitSegments(raw).map((line) => {
    const name = line.slice(0, 3);
    // A line that is no segment (input that is not HL7) is shown whole, as one unnamed row.
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name) || (line.length > 3 && line.charAt(3) !== separator)) return { name: line, sequence: 1, fields: [], offending: false };
    const sequence = (seen.get(name) ?? 0) + 1;
    seen.set(name, sequence);
    const here = at !== null && at.segment === name && at.sequence === sequence;
    const fields = fieldTexts(line, separator).map((text, index) => ({
      position: index + 1,
      text,
      title: fieldTitle(name, index + 1),
      offending: here && at.field === index + 1,
    }));
    return { name, sequence, fields, offending: here };
  });
}

export interface ParsedField {
  position: number;
  title: string;
  /** Repetitions of components (sub-components joined by the sub-component separator as sent). */
  repetitions: string[][];
}

export interface ParsedSegment {
  name: string;
  sequence: number;
  fields: ParsedField[];
}

const isEmpty = (field: Hl7Field): boolean => field.every((repetition) => repetition.every((component) => component.every((sub) => sub === "")));

/** The parsed structure of each segment (its non-empty fields), or why the message cannot be parsed. */
export function parseStructure(raw: string): { segments: ParsedSegment[] } | { error: string } {
  try {
    const lines = splitSegments(raw);
    const delimiters = readDelimiters(lines[0] ?? "");
    const seen = new Map<string, number>();
    const segments = lines.map((line, index) => {
      const segment = parseSegment(line, delimiters, index + 1);
      const sequence = (seen.get(segment.name) ?? 0) + 1;
      seen.set(segment.name, sequence);
      const fields = segment.fields.flatMap((field, position) =>
        position === 0 || isEmpty(field)
          ? []
          : [{ position, title: fieldTitle(segment.name, position), repetitions: field.map((repetition) => repetition.map((component) => component.join(delimiters.subComponent))) }],
      );
      return { name: segment.name, sequence, fields };
    });
    return { segments };
  } catch (error) {
    return { error: error instanceof Error ? error.message : "The message cannot be parsed" };
  }
}
