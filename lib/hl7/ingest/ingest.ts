import "server-only";
import { randomUUID } from "node:crypto";
import {
  asMessageError,
  ATTEMPTS,
  isRetryable,
  maxMessageBytes,
  MERIDIAN_ENDPOINT,
  messageTime,
  newControlId,
  prepare,
  senderOf,
  type PreparedMessage,
} from "@/lib/hl7/ingest/prepare";
import { recordAudit, writeAuditWith, type AuditEntry } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { ackCodeFor, buildAck, hl7Timestamp, type AckCode } from "@/lib/hl7/ack";
import { isBatch, splitBatch } from "@/lib/hl7/er7/batch";
import { decodeMessageBytes, declaredCharacterSet, encodeMessageText } from "@/lib/hl7/er7/charset";
import { encodingCharacters, type Hl7Delimiters } from "@/lib/hl7/er7/delimiters";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { applyMessage, type AppliedMessage } from "@/lib/hl7/ingest/apply";
import { CommitGroups } from "@/lib/hl7/ingest/commit-groups";
import { connectionOf, type InboundFeed } from "@/lib/hl7/ingest/attribution";
import { senderRefusal } from "@/lib/hl7/ingest/sender-check";
import { recordConnectionRequest } from "@/lib/connections/statistics";
import { sourceOf, type Sender } from "@/lib/hl7/ingest/sender";
import { storedAck, storeExchange } from "@/lib/hl7/ingest/store";
import { rememberWrite } from "@/lib/db/read-your-writes";
import type { IngestResult, IngestSource, MessageOutcome } from "@/lib/hl7/ingest/types";
import { logger } from "@/lib/logger";
import { invalidatePatient } from "@/lib/patients/access";

class DuplicateMessage extends Error {}

/** The audit rows of a received message: one per patient it touched (one without a patient when it touched none). */
function receiptAudits(ctx: AuthContext, prepared: PreparedMessage, messageId: string, ackCode: AckCode, applied: AppliedMessage | null, transport: string): AuditEntry[] {
  const accepted = ackCode === "AA" || ackCode === "CA";
  const details = {
    controlId: prepared.header?.controlId.slice(0, 64) ?? null,
    messageType: prepared.header ? `${prepared.header.messageType}^${prepared.header.triggerEvent}`.slice(0, 16) : null,
    ackCode,
    transport,
    changes: applied?.changes.length ?? 0,
    error: prepared.error ? { code: prepared.error.code } : undefined,
  };
  const patients = applied?.patients.length ? applied.patients : [null];
  return patients.map((patient) => ({
    action: "hl7.received" as const,
    actor: ctx.actor,
    request: ctx.request,
    outcome: accepted ? ("success" as const) : ("failure" as const),
    statusCode: accepted ? 200 : prepared.error?.reject ? 400 : 422,
    resourceType: "hl7_message",
    resourceId: messageId,
    patient: patient ? { id: patient.id, mrn: patient.mrn } : undefined,
    dataCategory: patient ? ("messages" as const) : undefined,
    details,
  }));
}

interface OneResult {
  outcome: MessageOutcome;
  ack: string;
}

/** Applies and stores one message inside the caller's transaction; throws DuplicateMessage for one seen before. */
async function applyAndStore(run: SqlRunner, prepared: PreparedMessage, source: IngestSource, received: Date, connectionId: string | null): Promise<OneResult> {
  const sender = senderOf(prepared.header);
  const controlId = newControlId();
  const applied = prepared.mapped && !prepared.error ? await applyMessage(run, prepared.mapped, sourceOf(sender)) : null;
  const outcome = prepared.error ? (prepared.error.reject ? "rejected" : "error") : "accepted";
  const ack = buildAck({ header: prepared.header, delimiters: prepared.delimiters, outcome, error: prepared.error ?? undefined, controlId, now: new Date(), self: MERIDIAN_ENDPOINT });
  const ackCode = ackCodeFor(prepared.header, outcome);
  const id = randomUUID();
  const [audit, ...moreAudits] = receiptAudits(source.ctx, prepared, id, ackCode, applied, source.transport);
  if (!audit) throw new Error("A received message has no audit row");
  const messageId = await storeExchange(run, {
    id,
    audit,
    raw: prepared.text,
    header: prepared.header,
    sender,
    messageTime: messageTime(prepared.header, received),
    transport: source.transport,
    peerAddress: source.ctx.request.ipAddress,
    connectionId,
    patientId: applied?.patients[0]?.id ?? null,
    error: prepared.error,
    ack: { code: ackCode, controlId, text: ack, sentTo: sender, ...(prepared.header?.receivingApplication ? { application: prepared.header.receivingApplication, facility: prepared.header.receivingFacility } : MERIDIAN_ENDPOINT) },
    changes: applied?.changes ?? [],
  });
  if (!messageId) throw new DuplicateMessage();
  for (const entry of moreAudits) await writeAuditWith(run, entry);
  const patientIds = [...new Set(applied?.patients.map((patient) => patient.id) ?? [])];
  return { outcome: { messageId, controlId: prepared.header?.controlId ?? null, ackCode, duplicate: false, patientIds }, ack };
}

/**
 * What to do after a message's work was rolled back: race lost (a patient or row another transaction was writing)
 * → the next group, where the winner's rows are visible; the message's own fault → store it with the reason (AE),
 * applying nothing; anything else → no ACK at all.
 */
function recovery(prepared: PreparedMessage, attempts: { count: number }) {
  return (error: unknown): "again" | "later" | Error => {
    if (error instanceof DuplicateMessage) return error;
    if (isRetryable(error) && ++attempts.count < ATTEMPTS) return "later";
    const messageError = asMessageError(error) ?? (isRetryable(error) ? new Hl7Error(206, "The records this message changes were busy; send it again") : null);
    if (!messageError || prepared.error) return error instanceof Error ? error : new Error(String(error));
    if (!(error instanceof Hl7Error)) logger.warn({ err: error, controlId: prepared.header?.controlId }, "HL7 message refused by the database");
    prepared.error = messageError;
    return "again";
  };
}

// Messages arriving together commit together (one WAL flush for the group), each still answered after that commit.
const commitGroups = new CommitGroups(16, 3);

/**
 * A message its feed's sender cannot have sent this way (sender-check.ts): answered AR, nothing applied and nothing
 * stored (its control id stays free for the real sender), the refusal audited and logged.
 */
async function refuseSender(prepared: PreparedMessage, source: IngestSource, feed: InboundFeed, reason: string): Promise<OneResult> {
  const error = new Hl7Error(207, `The sender is not authorised: ${reason}`, { reject: true });
  prepared.error = error;
  const ack = buildAck({ header: prepared.header, delimiters: prepared.delimiters, outcome: "rejected", error, controlId: newControlId(), now: new Date(), self: MERIDIAN_ENDPOINT });
  const ackCode = ackCodeFor(prepared.header, "rejected");
  const controlId = prepared.header?.controlId ?? null;
  logger.warn({ connectionId: feed.id, peer: source.ctx.request.ipAddress, transport: source.transport }, `HL7 message refused: ${reason}`);
  await recordAudit({
    action: "hl7.received",
    actor: source.ctx.actor,
    request: source.ctx.request,
    outcome: "failure",
    statusCode: 403,
    resourceType: "emr_connection",
    resourceId: feed.id,
    details: {
      controlId: controlId?.slice(0, 64) ?? null,
      messageType: prepared.header ? `${prepared.header.messageType}^${prepared.header.triggerEvent}`.slice(0, 16) : null,
      ackCode,
      transport: source.transport,
      refused: "client_certificate",
      reason,
    },
  });
  return { outcome: { messageId: null, controlId, ackCode, duplicate: false, patientIds: [] }, ack };
}

/** Applies and stores one message; its ACK text is returned only after the transaction holding it has committed. */
async function commitMessage(prepared: PreparedMessage, source: IngestSource, received: Date): Promise<OneResult> {
  const feed = prepared.header ? await connectionOf(senderOf(prepared.header)) : null;
  const refusal = feed && senderRefusal(feed, source);
  if (feed && refusal) return refuseSender(prepared, source, feed, refusal);
  const connectionId = feed?.id ?? null;
  try {
    return await commitGroups.submit({
      attempt: (run) => applyAndStore(run, prepared, source, received, connectionId),
      recover: recovery(prepared, { count: 0 }),
    });
  } catch (error) {
    if (error instanceof DuplicateMessage) return answerDuplicate(prepared, senderOf(prepared.header));
    throw error;
  }
}

/** A message seen before: nothing is applied again, and the ACK it was answered with the first time is sent again. */
async function answerDuplicate(prepared: PreparedMessage, sender: Sender): Promise<OneResult> {
  const controlId = prepared.header?.controlId ?? "";
  const stored = await inSqlTransaction(dbPool(), (run) => storedAck(run, sender, controlId));
  if (!stored) throw new Error(`Message ${controlId} is stored without its ACK`);
  const outcome: MessageOutcome = { messageId: stored.id, controlId, ackCode: stored.ackCode as AckCode, duplicate: true, patientIds: [] };
  return { outcome, ack: stored.ack };
}

function decode(input: Buffer): { text: string; error: Hl7Error | null } {
  if (input.length > maxMessageBytes()) {
    return { text: "", error: new Hl7Error(207, `The message is ${input.length} bytes long; the limit is ${maxMessageBytes()}`, { reject: true }) };
  }
  // PostgreSQL text cannot hold NUL, and no HL7 value is one: it is kept visible as U+FFFD, the rest as it came.
  const withoutNul = (text: string) => text.replaceAll("\u0000", "\uFFFD");
  try {
    return { text: withoutNul(decodeMessageBytes(input)), error: null };
  } catch (error) {
    if (!(error instanceof Hl7Error)) throw error;
    return { text: withoutNul(input.toString("latin1")), error };
  }
}

/** The ACKs of a batch, in a batch of their own (BHS … BTS with the count), in the order of the messages. */
function batchOf(acks: string[], delimiters: Hl7Delimiters | undefined): string {
  const field = delimiters?.field ?? "|";
  const encoding = delimiters ? encodingCharacters(delimiters) : "^~\\&";
  const bhs = ["BHS", encoding, MERIDIAN_ENDPOINT.application, MERIDIAN_ENDPOINT.facility, "", "", hl7Timestamp(new Date())].join(field);
  return `${bhs}\r${acks.join("")}BTS${field}${acks.length}\r`;
}

/**
 * The one ingest path of MLLP and HTTP. Each message (each one of an FHS/BHS batch) is stored, applied and answered
 * in its own transaction; the answer is returned after the last commit. A database failure throws: nothing that was
 * not committed is acknowledged, and the sender sends it again.
 */
export async function ingestHl7(input: Buffer, source: IngestSource): Promise<IngestResult> {
  await assertCan(source.ctx, "hl7:ingest");
  const received = new Date();
  const decoded = decode(input);
  const texts = !decoded.error && isBatch(decoded.text) ? splitBatch(decoded.text) : [decoded.text];
  const results: OneResult[] = [];
  let delimiters: Hl7Delimiters | undefined;
  for (const text of texts) {
    const prepared = prepare(text, decoded.error);
    delimiters ??= prepared.delimiters;
    const result = await commitMessage(prepared, source, received);
    results.push(result);
    const connectionId = prepared.header ? (await connectionOf(senderOf(prepared.header)))?.id : null;
    if (connectionId && !result.outcome.duplicate) {
      await recordConnectionRequest(connectionId, { success: prepared.error === null, elapsedMs: Date.now() - received.getTime() });
    }
    for (const patientId of result.outcome.patientIds) await invalidatePatient(patientId);
  }
  // A sender that searches for the patient its message just registered must find it, replicas or not.
  await rememberWrite(source.ctx.actor);
  const text = texts.length > 1 || isBatch(decoded.text) ? batchOf(results.map((result) => result.ack), delimiters) : (results[0]?.ack ?? "");
  return { response: encodeMessageText(text, declaredCharacterSet(input)), outcomes: results.map((result) => result.outcome) };
}
