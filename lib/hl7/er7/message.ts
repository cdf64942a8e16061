import { readDelimiters, type Hl7Delimiters } from "@/lib/hl7/er7/delimiters";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { unescapeValue } from "@/lib/hl7/er7/escape";

/** A component is its sub-components; a repetition its components; a field its repetitions (all unescaped text). */
export type Hl7Component = string[];
export type Hl7Repetition = Hl7Component[];
export type Hl7Field = Hl7Repetition[];

export interface Hl7Segment {
  name: string;
  /** fields[n] is field n (1-based); fields[0] is unused. MSH-1 and MSH-2 hold the separator characters as sent. */
  fields: Hl7Field[];
}

export interface ParseOptions {
  /** Largest message accepted, in characters. */
  maxLength?: number;
}

/** 5 MB: an ORU with an embedded PDF report fits, a runaway sender does not. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 5_000_000;
/** The explicit HL7 null: the sender asks for the value to be cleared. */
export const HL7_NULL = '""';

const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const HEADER_SEGMENTS = new Set(["MSH", "FHS", "BHS"]);

/** Segments split on any of the terminators senders use (\r, \n or \r\n); empty lines are dropped. */
export function splitSegments(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== "");
}

function literal(value: string): Hl7Field {
  return [[[value]]];
}

function parseField(text: string, delimiters: Hl7Delimiters): Hl7Field {
  return text
    .split(delimiters.repetition)
    .map((repetition) =>
      repetition
        .split(delimiters.component)
        .map((component) => component.split(delimiters.subComponent).map((sub) => unescapeValue(sub, delimiters))),
    );
}

/** One segment's text, split by the message's delimiters. */
export function parseSegment(line: string, delimiters: Hl7Delimiters, sequence: number): Hl7Segment {
  const name = line.slice(0, 3);
  if (!SEGMENT_NAME.test(name) || (line.length > 3 && line.charAt(3) !== delimiters.field)) {
    throw new Hl7Error(100, "A segment does not start with a three-character segment id and the field separator", {
      location: { segment: name.replace(/[^\x20-\x7e]/g, "?"), sequence },
    });
  }
  const parts = line.split(delimiters.field);
  if (HEADER_SEGMENTS.has(name)) {
    // MSH-1 is the field separator itself and MSH-2 the encoding characters: neither is split or unescaped.
    const [, encoding = "", ...rest] = parts;
    return { name, fields: [[], literal(delimiters.field), literal(encoding), ...rest.map((field) => parseField(field, delimiters))] };
  }
  return { name, fields: [[], ...parts.slice(1).map((field) => parseField(field, delimiters))] };
}

/** A parsed ER7 message with typed access to its fields. */
export class Hl7Message {
  constructor(
    readonly delimiters: Hl7Delimiters,
    readonly segments: Hl7Segment[],
  ) {}

  segment(name: string): Hl7Segment | undefined {
    return this.segments.find((segment) => segment.name === name);
  }

  segmentsNamed(name: string): Hl7Segment[] {
    return this.segments.filter((segment) => segment.name === name);
  }

  get header(): Hl7Segment {
    const header = this.segments[0];
    if (!header) throw new Hl7Error(100, "The message has no MSH segment", { reject: true });
    return header;
  }
}

/** The text at a position: field n, repetition r (0-based), component c and sub-component s (1-based); "" when absent. */
export function valueAt(segment: Hl7Segment | undefined, field: number, component = 1, subComponent = 1, repetition = 0): string {
  return segment?.fields[field]?.[repetition]?.[component - 1]?.[subComponent - 1] ?? "";
}

/** Every repetition of a field (an absent field has none). */
export function repetitionsOf(segment: Hl7Segment | undefined, field: number): Hl7Repetition[] {
  const repetitions = segment?.fields[field] ?? [];
  return repetitions.filter((repetition) => repetition.some((component) => component.some((sub) => sub !== "")));
}

/** A component's text from one repetition (1-based component and sub-component). */
export function componentOf(repetition: Hl7Repetition | undefined, component: number, subComponent = 1): string {
  return repetition?.[component - 1]?.[subComponent - 1] ?? "";
}

/**
 * Parses one ER7 message (text already decoded from its bytes). Throws Hl7Error for anything that is not a message:
 * empty input, no MSH first, bad delimiters, a malformed segment, or more than `maxLength` characters.
 */
export function parseMessage(text: string, options: ParseOptions = {}): Hl7Message {
  const maxLength = options.maxLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
  if (text.length > maxLength) {
    throw new Hl7Error(207, `The message is ${text.length} characters long; the limit is ${maxLength}`, { reject: true });
  }
  const lines = splitSegments(text.replace(/^\uFEFF/, "").trimStart());
  const first = lines[0];
  if (!first?.startsWith("MSH")) {
    throw new Hl7Error(100, "Not an HL7 v2 message: it must start with an MSH segment", {
      location: { segment: "MSH", sequence: 1 },
      reject: true,
    });
  }
  const delimiters = readDelimiters(first);
  const counts = new Map<string, number>();
  const segments = lines.map((line) => {
    const name = line.slice(0, 3);
    const sequence = (counts.get(name) ?? 0) + 1;
    counts.set(name, sequence);
    return parseSegment(line, delimiters, sequence);
  });
  return new Hl7Message(delimiters, segments);
}
