import { auditInsertStatement, type AuditEntry } from "@/lib/audit/writer";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AckCode } from "@/lib/hl7/ack";
import type { Hl7Error } from "@/lib/hl7/er7/errors";
import type { Hl7Header } from "@/lib/hl7/er7/header";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import type { Sender } from "@/lib/hl7/ingest/sender";
import { bounded } from "@/lib/hl7/map/datatypes";

/** Everything stored about one inbound message and the ACK it was answered with. */
export interface StoredExchange {
  /** The inbound row's id, chosen before the insert so its audit row can name it in the same statement. */
  id: string;
  /** The message's audit row (one per statement: the chain trigger cannot see a row of its own statement). */
  audit: AuditEntry;
  raw: string;
  header: Hl7Header | null;
  sender: Sender;
  messageTime: Date;
  transport: "mllp" | "http";
  peerAddress: string | null;
  connectionId: string | null;
  patientId: string | null;
  error: Hl7Error | null;
  ack: { code: AckCode; controlId: string; text: string; sentTo: Sender; application: string; facility: string };
  changes: RecordChange[];
}

/** Where an error was found, as the message store shows it: PID-7, OBX[2]-14, MSH-9.2. */
export function errorLocation(error: Hl7Error | null): string | null {
  const at = error?.location;
  if (!at) return null;
  const sequence = at.sequence && at.sequence > 1 ? `[${at.sequence}]` : "";
  return bounded(`${at.segment}${sequence}${at.field ? `-${at.field}` : ""}${at.component ? `.${at.component}` : ""}`, 32);
}

/** The changed records as VALUES rows (patient_id, resource_type, resource_id, change). */
export function changeRows(changes: RecordChange[]): Prisma.Sql {
  return Prisma.join(changes.map((c) => Prisma.sql`(${c.patientId}::uuid, ${c.resourceType}, ${c.resourceId}::uuid, ${c.change})`));
}

/**
 * The inbound message, its outbound ACK, the records it changed and its audit row, in one statement (one round trip
 * of the few each message costs). Returns the inbound row's id,
 * or null when the same sender's control id is already stored (the dedupe key decided, under concurrency too).
 */
export async function storeExchange(run: SqlRunner, exchange: StoredExchange): Promise<string | null> {
  const { header, ack, error } = exchange;
  const accepted = ack.code === "AA" || ack.code === "CA";
  const controlId = header?.controlId ? header.controlId.slice(0, 199) : null;
  const version = header?.version ? bounded(header.version, 16) : null;
  const changes = exchange.changes.length > 0
    ? Prisma.sql`, changes AS (
        INSERT INTO hl7_message_changes (message_id, patient_id, resource_type, resource_id, change)
        SELECT inbound.id, c.patient_id, c.resource_type, c.resource_id, c.change
        FROM inbound, (VALUES ${changeRows(exchange.changes)}) AS c(patient_id, resource_type, resource_id, change))`
    : Prisma.empty;
  const [row] = await run<{ id: string }>(Prisma.sql`
    WITH inbound AS (
      INSERT INTO hl7_messages (id, message_type, trigger_event, message_control_id, direction, sending_application,
        sending_facility, receiving_application, receiving_facility, message_datetime, hl7_version, raw_message, status,
        ack_code, ack_message, ack_at, error_message, error_code, error_location, processed_at, patient_id, connection_id,
        transport, peer_address, updated_at)
      VALUES (${exchange.id}::uuid, ${bounded(header?.messageType ?? "", 16)}, ${header?.triggerEvent ? bounded(header.triggerEvent, 8) : null}, ${controlId},
        'inbound', ${exchange.sender.application}, ${exchange.sender.facility}, ${header ? bounded(header.receivingApplication, 255) : null},
        ${header ? bounded(header.receivingFacility, 255) : null}, ${exchange.messageTime}, ${version}, ${exchange.raw},
        ${accepted ? "processed" : "error"}::"HL7Status", ${ack.code}, ${ack.text}, now(), ${error ? bounded(error.message, 2000) : null},
        ${error?.code ?? null}::int, ${errorLocation(error)}, ${accepted ? new Date() : null}::timestamptz, ${exchange.patientId}::uuid,
        ${exchange.connectionId}::uuid, ${exchange.transport}, ${exchange.peerAddress ? bounded(exchange.peerAddress, 64) : null}, now())
      ON CONFLICT (direction, sending_application, sending_facility, message_control_id) DO NOTHING
      RETURNING id
    ), ack AS (
      INSERT INTO hl7_messages (message_type, trigger_event, message_control_id, direction, sending_application,
        sending_facility, receiving_application, receiving_facility, message_datetime, hl7_version, raw_message, status,
        ack_code, patient_id, connection_id, transport, in_reply_to_id, updated_at)
      SELECT 'ACK', ${header?.triggerEvent ? bounded(header.triggerEvent, 8) : null}, ${ack.controlId}, 'outbound',
        ${bounded(ack.application, 255)}, ${bounded(ack.facility, 255)}, ${ack.sentTo.application}, ${ack.sentTo.facility}, now(),
        ${version}, ${ack.text}, 'sent', ${ack.code}, ${exchange.patientId}::uuid, ${exchange.connectionId}::uuid,
        ${exchange.transport}, inbound.id, now()
      FROM inbound
    )${changes}, audit AS (${auditInsertStatement(exchange.audit)})
    SELECT id FROM inbound`);
  return row?.id ?? null;
}

/** The ACK stored for a message already received from this sender with this control id. */
export async function storedAck(run: SqlRunner, sender: Sender, controlId: string): Promise<{ id: string; ackCode: string; ack: string; patientId: string | null } | null> {
  const [row] = await run<{ id: string; ack_code: string | null; ack_message: string | null; patient_id: string | null }>(Prisma.sql`
    SELECT id, ack_code, ack_message, patient_id FROM hl7_messages
    WHERE direction = 'inbound' AND sending_application = ${sender.application} AND sending_facility = ${sender.facility}
      AND message_control_id = ${controlId}`);
  if (!row?.ack_message || !row.ack_code) return null;
  return { id: row.id, ackCode: row.ack_code, ack: row.ack_message, patientId: row.patient_id };
}
