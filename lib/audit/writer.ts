import "server-only";
import { limitAnonymousAudit } from "@/lib/audit/anonymous-limit";
import { fitColumn, fitDetails, fitUuid } from "@/lib/audit/bounds";
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

/** The stored form of `details`: JSON as the caller meant it, every string fitted (see lib/audit/bounds.ts). */
function detailsJson(details: Prisma.InputJsonValue | undefined): string | null {
  return details === undefined ? null : JSON.stringify(fitDetails(JSON.parse(JSON.stringify(details))));
}

/**
 * The audit row as one INSERT statement (the audit_logs_chain trigger adds the id, lane and hashes). Every audited
 * path sends this same statement, through Prisma's transaction or a pg one (inSqlTransaction). Every value is fitted
 * to its column here, so whatever a client sent cannot make the INSERT fail.
 */
export function auditInsertStatement(entry: AuditEntry): Prisma.Sql {
  const event = AUDIT_EVENTS[entry.action];
  const { actor, request } = entry;
  return Prisma.sql`
    INSERT INTO audit_logs (
      event_type, event_category, action, user_id, username, user_role, resource_type, resource_id,
      patient_id, patient_mrn, ip_address, user_agent, request_method, request_path, request_id, correlation_id,
      status, status_code, duration_ms, data_category, details)
    VALUES (
      ${fitColumn("event_type", event.eventType)}, ${fitColumn("event_category", event.eventCategory)},
      ${fitColumn("action", entry.action)}, ${fitColumn("user_id", actor.id)}, ${fitColumn("username", actor.name)},
      ${fitColumn("user_role", actor.role)}, ${fitColumn("resource_type", entry.resourceType)},
      ${fitColumn("resource_id", entry.resourceId)}, ${fitUuid(entry.patient?.id)}::uuid,
      ${fitColumn("patient_mrn", entry.patient?.mrn)}, ${fitColumn("ip_address", request.ipAddress)},
      ${fitColumn("user_agent", request.userAgent)}, ${fitColumn("request_method", request.method)},
      ${fitColumn("request_path", request.path)}, ${fitColumn("request_id", request.requestId)},
      ${fitColumn("correlation_id", request.correlationId)}, ${fitColumn("status", entry.outcome)}, ${entry.statusCode},
      ${Math.round(performance.now() - request.startedAt)}, ${fitColumn("data_category", entry.dataCategory)},
      ${detailsJson(entry.details)}::jsonb)`;
}

/** Writes the audit row inside the caller's transaction: it commits with the read or write, or neither does. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.$executeRaw(auditInsertStatement(entry));
}

/** The same, inside a pg transaction (inSqlTransaction). */
export async function writeAuditWith(run: SqlRunner, entry: AuditEntry): Promise<void> {
  await run(auditInsertStatement(entry));
}

/**
 * For events with no other write (denials, sign-ins): its own transaction, and a failure fails the request.
 * Anonymous events are limited per client address (lib/audit/anonymous-limit.ts), so nobody can flood the trail.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const row = entry.actor.kind === "anonymous" ? await limitAnonymousAudit(entry) : entry;
  if (row) await inTransaction((tx) => writeAudit(tx, row));
}
