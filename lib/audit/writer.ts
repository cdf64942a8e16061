import "server-only";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { AUDIT_EVENTS, type AuditAction, type AuditOutcome, type DataCategory } from "@/lib/audit/events";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  action: AuditAction;
  actor: Actor;
  request: RequestInfo;
  outcome: AuditOutcome;
  statusCode: number;
  resourceType?: string;
  resourceId?: string;
  patient?: { id: string; mrn: string | null };
  dataCategory?: DataCategory;
  /** Never PHI values: criteria summaries, reasons, counts and ids only. */
  details?: Prisma.InputJsonValue;
}

/**
 * The audit row as one INSERT statement (the audit_logs_chain trigger adds the id, lane and hashes). Every audited
 * path sends this same statement, through Prisma's transaction or a pg one (inSqlTransaction).
 */
export function auditInsertStatement(entry: AuditEntry): Prisma.Sql {
  const event = AUDIT_EVENTS[entry.action];
  return Prisma.sql`
    INSERT INTO audit_logs (
      event_type, event_category, action, user_id, username, user_role, resource_type, resource_id,
      patient_id, patient_mrn, ip_address, user_agent, request_method, request_path, request_id,
      status, status_code, duration_ms, data_category, details)
    VALUES (
      ${event.eventType}, ${event.eventCategory}, ${entry.action}, ${entry.actor.id}, ${entry.actor.name},
      ${entry.actor.role}, ${entry.resourceType ?? null}, ${entry.resourceId ?? null},
      ${entry.patient?.id ?? null}::uuid, ${entry.patient?.mrn ?? null}, ${entry.request.ipAddress},
      ${entry.request.userAgent}, ${entry.request.method}, ${entry.request.path}, ${entry.request.requestId},
      ${entry.outcome}, ${entry.statusCode}, ${Math.round(performance.now() - entry.request.startedAt)},
      ${entry.dataCategory ?? null}, ${entry.details === undefined ? null : JSON.stringify(entry.details)}::jsonb)`;
}

/** Writes the audit row inside the caller's transaction: it commits with the read or write, or neither does. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.$executeRaw(auditInsertStatement(entry));
}

/** The same, inside a pg transaction (inSqlTransaction). */
export async function writeAuditWith(run: SqlRunner, entry: AuditEntry): Promise<void> {
  await run(auditInsertStatement(entry));
}

/** For events with no other write (denials, sign-ins): its own transaction, and a failure fails the request. */
export function recordAudit(entry: AuditEntry): Promise<void> {
  return inTransaction((tx) => writeAudit(tx, entry));
}
