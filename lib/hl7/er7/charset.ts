import { Hl7Error } from "@/lib/hl7/er7/errors";

// HL7 table 0211 (alternate character sets) → WHATWG encoding labels that Node's TextDecoder knows.
const CHARACTER_SETS: Record<string, string> = {
  ASCII: "utf-8",
  "UNICODE UTF-8": "utf-8",
  "UTF-8": "utf-8",
  "8859/1": "latin1",
  "8859/2": "iso-8859-2",
  "8859/3": "iso-8859-3",
  "8859/4": "iso-8859-4",
  "8859/5": "iso-8859-5",
  "8859/6": "iso-8859-6",
  "8859/7": "iso-8859-7",
  "8859/8": "iso-8859-8",
  "8859/9": "iso-8859-9",
  "8859/15": "iso-8859-15",
};

/** MSH-18 read from the raw bytes: every delimiter is ASCII, so the header can be read before the body is decoded. */
export function declaredCharacterSet(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const start = head.indexOf("MSH");
  if (start === -1) return "";
  const header = head.slice(start).split(/\r|\n/, 1)[0] ?? "";
  const separator = header.charAt(3);
  if (!separator) return "";
  // split() puts MSH-n at index n - 1, since MSH-1 is the separator itself.
  const field = header.split(separator)[17] ?? "";
  const repetition = header.slice(4).split(separator, 1)[0]?.charAt(1) ?? "~";
  const component = header.slice(4).split(separator, 1)[0]?.charAt(0) ?? "^";
  return (field.split(repetition)[0] ?? "").split(component)[0]?.trim().toUpperCase() ?? "";
}

/**
 * A message's bytes as text, in the character set MSH-18 declares (UTF-8 and ISO 8859 parts). Without MSH-18 the
 * bytes are read as UTF-8 when they are valid UTF-8, else as Latin-1, which is what undeclared senders mostly send.
 */
export function decodeMessageBytes(bytes: Uint8Array): string {
  const declared = declaredCharacterSet(bytes);
  if (declared === "") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return Buffer.from(bytes).toString("latin1");
    }
  }
  const label = CHARACTER_SETS[declared];
  if (!label) {
    throw new Hl7Error(207, `Character set "${declared}" in MSH-18 is not supported`, {
      location: { segment: "MSH", sequence: 1, field: 18 },
      reject: true,
    });
  }
  if (label === "latin1") return Buffer.from(bytes).toString("latin1");
  return new TextDecoder(label).decode(bytes);
}

/** The bytes to send a reply in: the character set of the message it answers (Latin-1 where that was declared). */
export function encodeMessageText(text: string, characterSet: string): Buffer {
  return CHARACTER_SETS[characterSet.trim().toUpperCase()] === "latin1" ? Buffer.from(text, "latin1") : Buffer.from(text, "utf8");
}
