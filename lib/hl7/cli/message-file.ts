import { isBatch } from "@/lib/hl7/er7/batch";
import { splitSegments } from "@/lib/hl7/er7/message";

/**
 * The messages of a file as their bytes: an FHS/BHS batch is one (sent whole, answered with a batch of ACKs);
 * otherwise each MSH starts a message, whatever separates the segments (\r, \n or \r\n) or the messages (blank lines).
 * Bytes are read as Latin-1, which maps each byte to one character, so every byte is sent exactly as it was written.
 */
export function messagesOfFile(bytes: Buffer): Buffer[] {
  const text = bytes.toString("latin1");
  if (isBatch(text)) return [bytes];
  const messages: string[][] = [];
  for (const segment of splitSegments(text.replace(/^\uFEFF/, ""))) {
    if (segment.startsWith("MSH") || messages.length === 0) messages.push([segment]);
    else messages.at(-1)?.push(segment);
  }
  return messages.map((segments) => Buffer.from(`${segments.join("\r")}\r`, "latin1"));
}
