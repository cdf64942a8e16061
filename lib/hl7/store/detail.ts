import "server-only";
import { writeAuditWith } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Hl7MessageDetail, Hl7RecordChange } from "@/lib/hl7/store/types";
import { Uuid } from "@/lib/shared-schema/fields";

// One message of the store with its raw form, its ACK, its error and the records it changed. The raw message is PHI:
// opening it is audited like a chart read (`hl7.viewed`, the patient's id and MRN, data category "messages"), in
// the same transaction as the read; an id that names no message is a 404, audited as a failed view.

type DetailRow = Omit<Hl7MessageDetail, "connection" | "ack" | "inReplyTo" | "changes"> & {
  ackMessage: string | null;
  connectionId: string | null;
  connectionName: string | null;
  inReplyToId: string | null;
  [column: string]: unknown;
};

async function readMessage(run: SqlRunner, id: string): Promise<DetailRow | undefined> {
  const [row] = await run<DetailRow>(Prisma.sql`
    SELECT m.id::text AS id, m.created_at AS "createdAt", m.updated_at AS "updatedAt", m.message_datetime AS "messageDatetime",
      m.message_type AS "messageType", m.trigger_event AS "triggerEvent", m.message_control_id AS "controlId",
      m.direction::text AS direction, m.sending_application AS "sendingApplication", m.sending_facility AS "sendingFacility",
      m.receiving_application AS "receivingApplication", m.receiving_facility AS "receivingFacility", m.hl7_version AS "hl7Version",
      m.raw_message AS "rawMessage", m.raw_purged_at AS "rawPurgedAt", m.status::text AS status, m.ack_code AS "ackCode", m.ack_message AS "ackMessage", m.ack_at AS "ackAt",
      m.error_message AS "errorMessage", m.error_code AS "errorCode", m.error_location AS "errorLocation", m.retry_count AS "retryCount",
      m.processed_at AS "processedAt", m.transport, m.peer_address AS "peerAddress", m.in_reply_to_id::text AS "inReplyToId",
      m.patient_id::text AS "patientId", p.mrn AS "patientMrn", p.mrn_authority AS "patientMrnAuthority",
      c.id::text AS "connectionId", c.name AS "connectionName"
    FROM hl7_messages AS m
    LEFT JOIN patients AS p ON p.id = m.patient_id
    LEFT JOIN emr_connections AS c ON c.id = m.connection_id
    WHERE m.id = ${id}::uuid`);
  return row;
}

/**
 * The stored outbound ACK of an inbound message: the newest (a reprocess answers anew). One whose text retention
 * purged is passed over: the ACK text kept on the message stands in.
 */
async function readAck(run: SqlRunner, id: string): Promise<{ id: string; text: string } | undefined> {
  const [row] = await run<{ id: string; text: string }>(Prisma.sql`
    SELECT id::text AS id, raw_message AS text FROM hl7_messages
    WHERE in_reply_to_id = ${id}::uuid AND raw_message IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1`);
  return row;
}

async function readInReplyTo(run: SqlRunner, id: string): Promise<Hl7MessageDetail["inReplyTo"]> {
  const [row] = await run<NonNullable<Hl7MessageDetail["inReplyTo"]> & Record<string, unknown>>(Prisma.sql`
    SELECT id::text AS id, message_control_id AS "controlId", message_type AS "messageType", trigger_event AS "triggerEvent"
    FROM hl7_messages WHERE id = ${id}::uuid`);
  return row ?? null;
}

async function readChanges(run: SqlRunner, id: string): Promise<Hl7RecordChange[]> {
  return run<Hl7RecordChange & Record<string, unknown>>(Prisma.sql`
    SELECT c.resource_type AS "resourceType", c.resource_id::text AS "resourceId", c.change, c.patient_id::text AS "patientId", p.mrn AS "patientMrn"
    FROM hl7_message_changes AS c LEFT JOIN patients AS p ON p.id = c.patient_id
    WHERE c.message_id = ${id}::uuid ORDER BY c.created_at, c.id`);
}

async function readDetail(run: SqlRunner, id: string): Promise<Hl7MessageDetail | null> {
  const row = await readMessage(run, id);
  if (!row) return null;
  const { ackMessage, connectionId, connectionName, inReplyToId, ...message } = row;
  const stored = row.direction === "inbound" ? await readAck(run, id) : undefined;
  const ack = stored ?? (ackMessage ? { id: null, text: ackMessage } : null);
  return {
    ...message,
    ack: stored && ackMessage && stored.text !== ackMessage ? { id: null, text: ackMessage } : ack,
    connection: connectionId && connectionName ? { id: connectionId, name: connectionName } : null,
    inReplyTo: inReplyToId ? await readInReplyTo(run, inReplyToId) : null,
    changes: await readChanges(run, id),
  };
}

/** One message of the store, for the detail view; audited as a read of the patient's messages. */
export async function getHl7Message(ctx: AuthContext, id: string): Promise<Hl7MessageDetail> {
  await assertCan(ctx, "hl7:read");
  const valid = Uuid.safeParse(id);
  const message = await inSqlTransaction(dbPool(), async (run) => {
    const found = valid.success ? await readDetail(run, valid.data) : null;
    await writeAuditWith(run, {
      action: "hl7.viewed",
      actor: ctx.actor,
      request: ctx.request,
      outcome: found ? "success" : "failure",
      statusCode: found ? 200 : 404,
      resourceType: "hl7_message",
      resourceId: id.slice(0, 128),
      patient: found?.patientId ? { id: found.patientId, mrn: found.patientMrn } : undefined,
      dataCategory: found?.patientId ? "messages" : undefined,
      details: { view: "message" },
    });
    return found;
  });
  if (!message) throw new AppError("NOT_FOUND", "There is no HL7 message with this id.");
  return message;
}
