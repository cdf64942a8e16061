import { DEFAULT_DELIMITERS, type Hl7Delimiters } from "@/lib/hl7/er7/delimiters";
import { encodeSegment, joinSegments, type FieldValue } from "@/lib/hl7/er7/encode";
import { HL7_ERROR_CODES, type Hl7Error, type Hl7ErrorLocation } from "@/lib/hl7/er7/errors";
import type { Hl7Header } from "@/lib/hl7/er7/header";

/** Original mode answers AA/AE/AR; enhanced mode (MSH-15/16 present) answers the accept acknowledgement CA/CE/CR. */
export type AckCode = "AA" | "AE" | "AR" | "CA" | "CE" | "CR";
export type AckOutcome = "accepted" | "error" | "rejected";

const ORIGINAL: Record<AckOutcome, AckCode> = { accepted: "AA", error: "AE", rejected: "AR" };
const ENHANCED: Record<AckOutcome, AckCode> = { accepted: "CA", error: "CE", rejected: "CR" };

export interface AckRequest {
  /** The header of the message being answered; null when the input was not HL7 at all. */
  header: Hl7Header | null;
  delimiters?: Hl7Delimiters;
  outcome: AckOutcome;
  error?: Hl7Error;
  /** The ACK's own MSH-10. */
  controlId: string;
  now: Date;
  /** Meridian's own names, used when the message did not say whom it was sent to. */
  self: { application: string; facility: string };
}

export function isEnhancedMode(header: Hl7Header | null): boolean {
  return Boolean(header && (header.acceptAckType || header.applicationAckType));
}

export function ackCodeFor(header: Hl7Header | null, outcome: AckOutcome): AckCode {
  return (isEnhancedMode(header) ? ENHANCED : ORIGINAL)[outcome];
}

/** An HL7 DTM with seconds and the zone offset, e.g. 20261204210501+0000. */
export function hl7Timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").replace(/\.\d+Z$/, "+0000");
}

function versionBefore25(version: string): boolean {
  const [major = 2, minor = 5] = version.split(".").map(Number);
  return major < 2 || (major === 2 && minor < 5);
}

function location(at: Hl7ErrorLocation | undefined): string[] {
  if (!at) return [];
  const parts = [at.segment, at.sequence ?? 1, at.field, at.repetition ?? (at.field ? 1 : undefined), at.component, at.subComponent];
  const values = parts.map((part) => (part === undefined ? "" : String(part)));
  while (values.length > 0 && values.at(-1) === "") values.pop();
  return values;
}

/** ERR in the form of the message's version: ERR-1 (CM_ELD, v2.3–2.4) or ERR-2 location, ERR-3 code, ERR-4 severity. */
function errSegment(error: Hl7Error, version: string, delimiters: Hl7Delimiters): string {
  const code = String(error.code);
  const name = HL7_ERROR_CODES[error.code];
  if (versionBefore25(version)) {
    const at = location(error.location);
    return encodeSegment("ERR", [[at[0] ?? "", at[1] ?? "", at[2] ?? "", [code, name, "HL70357"]]], delimiters);
  }
  const fields: FieldValue[] = ["", location(error.location), [code, name, "HL70357"], "E", "", "", "", error.message];
  return encodeSegment("ERR", fields, delimiters);
}

/**
 * The acknowledgement of a message: its MSH swaps sender and receiver and carries its own control id; MSA-2 is always
 * the answered message's MSH-10; an error adds an ERR segment with the HL7 table 0357 code and where it was found.
 */
export function buildAck(request: AckRequest): string {
  const header = request.header;
  const delimiters = request.delimiters ?? DEFAULT_DELIMITERS;
  const version = header?.version || "2.5.1";
  const code = ackCodeFor(header, request.outcome);
  const msh = encodeSegment(
    "MSH",
    [
      header?.receivingApplication || request.self.application,
      header?.receivingFacility || request.self.facility,
      header?.sendingApplication ?? "",
      header?.sendingFacility ?? "",
      hl7Timestamp(request.now),
      "",
      ["ACK", header?.triggerEvent ?? "", "ACK"],
      request.controlId,
      header?.processingId || "P",
      version,
    ],
    delimiters,
  );
  const text = request.error?.message ?? "";
  const msa = encodeSegment("MSA", [code, header?.controlId ?? "", versionBefore25(version) ? text : ""], delimiters);
  const segments = [msh, msa];
  if (request.error) segments.push(errSegment(request.error, version, delimiters));
  return joinSegments(segments);
}
