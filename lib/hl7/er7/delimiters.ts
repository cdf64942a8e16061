import { Hl7Error } from "@/lib/hl7/er7/errors";

/** The separators a message declares in MSH-1 and MSH-2 (v2.7 adds the truncation character as MSH-2's fifth). */
export interface Hl7Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subComponent: string;
  truncation: string | null;
}

export const DEFAULT_DELIMITERS: Hl7Delimiters = {
  field: "|",
  component: "^",
  repetition: "~",
  escape: "\\",
  subComponent: "&",
  truncation: null,
};

const FORBIDDEN = /[A-Za-z0-9\r\n]/;

/**
 * Reads the delimiters from a header segment (MSH, FHS or BHS): the character after the segment id is the field
 * separator, the characters up to the next field separator are the encoding characters. Missing trailing encoding
 * characters take their defaults, as receivers commonly allow.
 */
export function readDelimiters(header: string): Hl7Delimiters {
  const field = header.charAt(3);
  if (field === "" || FORBIDDEN.test(field)) {
    throw new Hl7Error(100, "The header segment declares no valid field separator (MSH-1)", {
      location: { segment: header.slice(0, 3) || "MSH", field: 1 },
      reject: true,
    });
  }
  const end = header.indexOf(field, 4);
  const encoding = end === -1 ? header.slice(4) : header.slice(4, end);
  const chars = [...encoding];
  const invalid = chars.length === 0 || chars.length > 5 || chars.some((c) => FORBIDDEN.test(c) || c === field) || new Set(chars).size !== chars.length;
  if (invalid) {
    throw new Hl7Error(100, `The encoding characters "${encoding}" in MSH-2 are not valid`, {
      location: { segment: header.slice(0, 3), field: 2 },
      reject: true,
    });
  }
  return {
    field,
    component: chars[0] ?? DEFAULT_DELIMITERS.component,
    repetition: chars[1] ?? DEFAULT_DELIMITERS.repetition,
    escape: chars[2] ?? DEFAULT_DELIMITERS.escape,
    subComponent: chars[3] ?? DEFAULT_DELIMITERS.subComponent,
    truncation: chars[4] ?? null,
  };
}

/** MSH-2 as written back: the encoding characters in their fixed order. */
export function encodingCharacters(delimiters: Hl7Delimiters): string {
  return `${delimiters.component}${delimiters.repetition}${delimiters.escape}${delimiters.subComponent}${delimiters.truncation ?? ""}`;
}
