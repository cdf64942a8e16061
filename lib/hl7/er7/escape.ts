import type { Hl7Delimiters } from "@/lib/hl7/er7/delimiters";

/** Bytes of a \Xhh…\ escape as text: UTF-8 where they are valid UTF-8, otherwise one character per byte (Latin-1). */
export function decodeHexBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return Buffer.from(bytes).toString("latin1");
  }
}

const HEX = /^X((?:[0-9A-Fa-f]{2})+)$/;
const LINE_BREAK = /^\.br$/;
const SPACE_LINES = /^\.sp(?:\s*\+?(\d{1,2}))?$/;
// Formatting and highlighting commands with no plain-text equivalent, and character-set switches (\C…\, \M…\).
const DROPPED = /^(?:\.(?:fi|nf|in\s*[+-]?\d*|ti\s*[+-]?\d*|sk\s*\+?\d*|ce)|H|N|C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4,6})$/;

function replacement(sequence: string, delimiters: Hl7Delimiters): string | null {
  switch (sequence) {
    case "F":
      return delimiters.field;
    case "S":
      return delimiters.component;
    case "T":
      return delimiters.subComponent;
    case "R":
      return delimiters.repetition;
    case "E":
      return delimiters.escape;
    case "P":
      return delimiters.truncation ?? "#";
  }
  const hex = HEX.exec(sequence)?.[1];
  if (hex) return decodeHexBytes(Buffer.from(hex, "hex"));
  if (LINE_BREAK.test(sequence)) return "\n";
  const space = SPACE_LINES.exec(sequence);
  if (space) return "\n".repeat(Number(space[1] ?? 1));
  if (DROPPED.test(sequence)) return "";
  return null;
}

/**
 * A value as its sender meant it: delimiter escapes (\F\ \S\ \T\ \R\ \E\ \P\), hex data (\Xhh\), line breaks (\.br\,
 * \.sp\) become characters; other formatting commands are dropped. An unknown or unterminated sequence stays as sent.
 */
export function unescapeValue(value: string, delimiters: Hl7Delimiters): string {
  const escape = delimiters.escape;
  if (!value.includes(escape)) return value;
  let result = "";
  let position = 0;
  while (position < value.length) {
    const start = value.indexOf(escape, position);
    if (start === -1) break;
    const end = value.indexOf(escape, start + 1);
    if (end === -1) break;
    const sequence = value.slice(start + 1, end);
    const text = replacement(sequence, delimiters);
    result += value.slice(position, start);
    if (text === null) {
      // Not an escape we know: keep the escape character literally and read on after it.
      result += escape;
      position = start + 1;
    } else {
      result += text;
      position = end + 1;
    }
  }
  return result + value.slice(position);
}

/** A value made safe to place in a field: every delimiter escaped, line breaks as \.br\, other control characters as hex. */
export function escapeValue(value: string, delimiters: Hl7Delimiters): string {
  const named = new Map<string, string>([
    [delimiters.escape, "E"],
    [delimiters.field, "F"],
    [delimiters.component, "S"],
    [delimiters.subComponent, "T"],
    [delimiters.repetition, "R"],
  ]);
  if (delimiters.truncation) named.set(delimiters.truncation, "P");
  let result = "";
  for (let index = 0; index < value.length; index++) {
    const char = value.charAt(index);
    const name = named.get(char);
    if (name) result += `${delimiters.escape}${name}${delimiters.escape}`;
    else if (char === "\r" && value.charAt(index + 1) === "\n") continue;
    else if (char === "\r" || char === "\n") result += `${delimiters.escape}.br${delimiters.escape}`;
    else if (char < " " || char === "\x7f") result += `${delimiters.escape}X${char.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}${delimiters.escape}`;
    else result += char;
  }
  return result;
}
