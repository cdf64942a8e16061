import type { AuthContext } from "@/lib/auth/assert";
import type { HL7AckCodeEnum } from "@/lib/hl7/schema";

/** How a message reached Meridian: the transport, the peer, and who is sending (checked for hl7:ingest). */
export interface IngestSource {
  transport: "mllp" | "http";
  ctx: AuthContext;
  /** SHA-256 fingerprint of the TLS client certificate the sender presented (MLLP over TLS); absent otherwise. */
  clientCertificateSha256?: string | null;
}

/** What one message (of a batch, or alone) came to. */
export interface MessageOutcome {
  /** The stored inbound row; null only when nothing could be stored, or the sender was refused (never for a committed message). */
  messageId: string | null;
  controlId: string | null;
  ackCode: HL7AckCodeEnum;
  /** True when the same sender + control id was seen before: nothing was applied, the stored ACK is returned. */
  duplicate: boolean;
  /** The patients whose records changed (their cached entries are dropped after commit). */
  patientIds: string[];
}

/**
 * The answer to one input: the ACK (or, for an FHS/BHS batch, one ACK per message inside a batch envelope), encoded
 * in the message's character set, ready to write to the socket or the HTTP body. Returned only after commit.
 */
export interface IngestResult {
  response: Buffer;
  outcomes: MessageOutcome[];
}
