import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import type { Hl7Delimiters } from "@/lib/hl7/er7/delimiters";
import { readHeader, type Hl7Header } from "@/lib/hl7/er7/header";
import { parseMessage, splitSegments, type Hl7Message } from "@/lib/hl7/er7/message";
import type { Sender } from "@/lib/hl7/ingest/sender";
import { parseDateTime } from "@/lib/hl7/map/datatypes";
import { mapMessage, type MappedMessage } from "@/lib/hl7/map/message";

/** Meridian's names in the ACKs it sends, where the message did not say whom it was sent to. */
export const MERIDIAN_ENDPOINT = { application: "MERIDIAN", facility: "MERIDIAN" };
/** Largest message accepted, in bytes (HL7_MAX_MESSAGE_BYTES); the MLLP listener's frame limit is the same. */
export function maxMessageBytes(): number {
  return env().HL7_MAX_MESSAGE_BYTES;
}
export const ATTEMPTS = 4;

/** A message read as far as it could be: what it is, what it asks for, or why it cannot be taken. */
export interface PreparedMessage {
  text: string;
  header: Hl7Header | null;
  delimiters: Hl7Delimiters | undefined;
  mapped: MappedMessage | null;
  error: Hl7Error | null;
}

/** An ACK control id: unique, and within the 20 characters v2.3 allows MSH-10. */
export function newControlId(): string {
  return `M${Date.now().toString(36)}${randomBytes(5).toString("hex")}`.slice(0, 20);
}

/** The header of a message whose body could not be parsed, so the AR still names it (MSA-2) and its sender. */
function headerOnly(text: string): { header: Hl7Header; message: Hl7Message } | null {
  const first = splitSegments(text.replace(/^\uFEFF/, "").trimStart())[0];
  if (!first?.startsWith("MSH")) return null;
  try {
    const message = parseMessage(first);
    return { header: readHeader(message), message };
  } catch {
    return null;
  }
}

export function prepare(text: string, decodeError: Hl7Error | null): PreparedMessage {
  const known = headerOnly(text);
  const prepared: PreparedMessage = { text, header: known?.header ?? null, delimiters: known?.message.delimiters, mapped: null, error: decodeError };
  if (decodeError) return prepared;
  try {
    const message = parseMessage(text, { maxLength: maxMessageBytes() });
    prepared.header = readHeader(message);
    prepared.mapped = mapMessage(message, prepared.header);
  } catch (error) {
    if (!(error instanceof Hl7Error)) throw error;
    prepared.error = error;
  }
  return prepared;
}

export function senderOf(header: Hl7Header | null): Sender {
  return { application: (header?.sendingApplication ?? "").slice(0, 255), facility: (header?.sendingFacility ?? "").slice(0, 255) };
}

export function messageTime(header: Hl7Header | null, received: Date): Date {
  if (!header?.dateTime) return received;
  try {
    return parseDateTime(header.dateTime, "message time", { segment: "MSH", field: 7 }).instant;
  } catch {
    return received;
  }
}

/** A failure while writing that is the message's fault (a value PostgreSQL refuses), as the AE it answers. */
export function asMessageError(error: unknown): Hl7Error | null {
  if (error instanceof Hl7Error) return error;
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const text = error instanceof Error ? error.message : String(error);
  if (code.startsWith("22")) return new Hl7Error(102, `A value in the message was refused: ${text}`);
  if (code.startsWith("23") && code !== "23505") return new Hl7Error(207, `The message could not be applied: ${text}`);
  return null;
}

/** Two messages racing for the same new patient or rows: the loser runs again and finds the winner's rows. */
export function isRetryable(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return code === "23505" || code === "40P01" || code === "40001";
}

