import "server-only";
import { writeAuditWith } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { isConnectionFailure } from "@/lib/db/connection-failure";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { ackCodeFor, buildAck, type AckCode } from "@/lib/hl7/ack";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { applyMessage, type AppliedMessage } from "@/lib/hl7/ingest/apply";
import { asMessageError, ATTEMPTS, isRetryable, MERIDIAN_ENDPOINT, newControlId, prepare, senderOf, type PreparedMessage } from "@/lib/hl7/ingest/prepare";
import { sourceOf } from "@/lib/hl7/ingest/sender";
import { changeRows, errorLocation } from "@/lib/hl7/ingest/store";
import { bounded } from "@/lib/hl7/map/datatypes";
import { invalidatePatient } from "@/lib/patients/access";

export interface ReprocessOutcome {
  id: string;
  /** What happened: applied (AA), failed again (AE/AR, with the error), or not reprocessed (not found, not failed). */
  result: "processed" | "failed" | "not_found" | "not_failed";
  status: string | null;
  ackCode: AckCode | null;
  errorMessage: string | null;
  retryCount: number | null;
}

interface StoredInbound {
  id: string;
  raw_message: string;
  status: string;
  retry_count: number;
}

/** A message whose raw text retention purged cannot be applied again: it reads as not found. */
async function lockFailed(run: SqlRunner, id: string): Promise<StoredInbound | null | "not_failed"> {
  const [row] = await run<StoredInbound & Record<string, unknown>>(Prisma.sql`
    SELECT id, raw_message, status, retry_count FROM hl7_messages
    WHERE id = ${id}::uuid AND direction = 'inbound' AND raw_message IS NOT NULL FOR UPDATE`);
  if (!row) return null;
  return row.status === "error" || row.status === "received" ? row : "not_failed";
}

async function recordOutcome(run: SqlRunner, ctx: AuthContext, row: StoredInbound, prepared: PreparedMessage, applied: AppliedMessage | null): Promise<ReprocessOutcome> {
  const outcome = prepared.error ? (prepared.error.reject ? "rejected" : "error") : "accepted";
  const ackCode = ackCodeFor(prepared.header, outcome);
  const ack = buildAck({ header: prepared.header, delimiters: prepared.delimiters, outcome, error: prepared.error ?? undefined, controlId: newControlId(), now: new Date(), self: MERIDIAN_ENDPOINT });
  const error = prepared.error;
  const status = error ? "error" : "processed";
  const [updated] = await run<{ retry_count: number }>(Prisma.sql`
    UPDATE hl7_messages SET status = ${status}::"HL7Status", ack_code = ${ackCode}, ack_message = ${ack}, ack_at = now(),
      error_message = ${error ? bounded(error.message, 2000) : null}, error_code = ${error?.code ?? null}::int,
      error_location = ${errorLocation(error)},
      processed_at = ${error ? null : new Date()}::timestamptz, patient_id = COALESCE(${applied?.patients[0]?.id ?? null}::uuid, patient_id),
      retry_count = retry_count + 1, updated_at = now()
    WHERE id = ${row.id}::uuid RETURNING retry_count`);
  if (applied && applied.changes.length > 0) {
    await run(Prisma.sql`
      INSERT INTO hl7_message_changes (message_id, patient_id, resource_type, resource_id, change)
      SELECT ${row.id}::uuid, c.patient_id, c.resource_type, c.resource_id, c.change
      FROM (VALUES ${changeRows(applied.changes)}) AS c(patient_id, resource_type, resource_id, change)`);
  }
  for (const patient of applied?.patients.length ? applied.patients : [null]) {
    await writeAuditWith(run, {
      action: "hl7.reprocessed",
      actor: ctx.actor,
      request: ctx.request,
      outcome: error ? "failure" : "success",
      statusCode: error ? 422 : 200,
      resourceType: "hl7_message",
      resourceId: row.id,
      patient: patient ? { id: patient.id, mrn: patient.mrn } : undefined,
      dataCategory: patient ? "messages" : undefined,
      details: { ackCode, retryCount: updated?.retry_count ?? null, error: error ? { code: error.code } : undefined },
    });
  }
  return { id: row.id, result: error ? "failed" : "processed", status, ackCode, errorMessage: error?.message ?? null, retryCount: updated?.retry_count ?? null };
}

/** One failed message applied again from its stored raw form, in one transaction, the retry count raised. */
async function reprocessOne(ctx: AuthContext, id: string): Promise<{ outcome: ReprocessOutcome; patientIds: string[] }> {
  let forcedError: Hl7Error | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await inSqlTransaction(dbPool(), async (run) => {
        const row = await lockFailed(run, id);
        if (!row || row === "not_failed") {
          const result = row ? "not_failed" : "not_found";
          return { outcome: { id, result, status: null, ackCode: null, errorMessage: null, retryCount: null }, patientIds: [] };
        }
        const prepared = prepare(row.raw_message, null);
        prepared.error ??= forcedError;
        const applied = prepared.mapped && !prepared.error ? await applyMessage(run, prepared.mapped, sourceOf(senderOf(prepared.header))) : null;
        const outcome = await recordOutcome(run, ctx, row, prepared, applied);
        return { outcome, patientIds: [...new Set(applied?.patients.map((patient) => patient.id) ?? [])] };
      });
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      if (isRetryable(error) && attempt < ATTEMPTS) continue;
      const messageError = asMessageError(error) ?? (isRetryable(error) ? new Hl7Error(206, "The records this message changes were busy; try again") : null);
      if (!messageError || forcedError) throw error;
      forcedError = messageError;
    }
  }
}

const MAX_BATCH = 500;

/**
 * Applies failed inbound messages again (after the cause was fixed: a missing patient registered, a connection
 * configured). Each message in its own transaction; the outcome of each is returned, and audited.
 */
export async function reprocessMessages(ctx: AuthContext, ids: string[]): Promise<ReprocessOutcome[]> {
  await assertCan(ctx, "hl7:manage");
  const outcomes: ReprocessOutcome[] = [];
  for (const id of [...new Set(ids)].slice(0, MAX_BATCH)) {
    const { outcome, patientIds } = await reprocessOne(ctx, id);
    for (const patientId of patientIds) await invalidatePatient(patientId);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** Failed inbound messages, oldest first, to reprocess in bulk (CLI `hl7 reprocess`). */
export async function findReprocessable(ctx: AuthContext, filter: { since?: Date; limit: number }): Promise<string[]> {
  await assertCan(ctx, "hl7:manage");
  const rows = await inSqlTransaction(dbPool(), (run) =>
    run<{ id: string }>(Prisma.sql`
      SELECT id FROM hl7_messages
      WHERE direction = 'inbound' AND status = 'error' AND raw_message IS NOT NULL AND created_at >= ${filter.since ?? new Date(0)}
      ORDER BY created_at, id LIMIT ${Math.min(Math.max(filter.limit, 1), MAX_BATCH)}`),
  );
  return rows.map((row) => row.id);
}
