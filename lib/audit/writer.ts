import "server-only";
import { limitAnonymousAudit } from "@/lib/audit/anonymous-limit";
import { fitColumn, fitDetails, fitUuid } from "@/lib/audit/bounds";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { AUDIT_EVENTS, type AuditAction, type AuditOutcome, type DataCategory } from "@/lib/audit/events";
import { AuditGroupCommit } from "@/lib/audit/group-commit";
import { dbPool } from "@/lib/db/client";
import type { Tx } from "@/lib/db/transaction";
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

const AUDIT_COLUMNS = Prisma.raw(`(
      event_type, event_category, action, user_id, username, user_role, resource_type, resource_id,
      patient_id, patient_mrn, ip_address, user_agent, request_method, request_path, request_id, correlation_id,
      status, status_code, duration_ms, data_category, details)`);

/**
 * One audit row's values, in AUDIT_COLUMNS' order (the audit_logs_chain trigger adds the id, lane and hashes). Every
 * value is fitted to its column here, so whatever a client sent cannot make the INSERT fail. The duration is taken
 * now: a row waiting for its group commit (lib/audit/group-commit.ts) records the request's time up to its read.
 */
export function auditRowValues(entry: AuditEntry): Prisma.Sql {
  const event = AUDIT_EVENTS[entry.action];
  const { actor, request } = entry;
  return Prisma.sql`(
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

/** Several rows (auditRowValues) as one INSERT: the trigger chains them in the order given. */
export function auditInsertRows(rows: readonly Prisma.Sql[]): Prisma.Sql {
  return Prisma.sql`INSERT INTO audit_logs ${AUDIT_COLUMNS} VALUES ${Prisma.join(rows)}`;
}

/** The audit row as one INSERT statement. Every audited path sends this same statement, in its own transaction. */
export function auditInsertStatement(entry: AuditEntry): Prisma.Sql {
  return auditInsertRows([auditRowValues(entry)]);
}

/** Writes the audit row inside the caller's transaction: it commits with the read or write, or neither does. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.$executeRaw(auditInsertStatement(entry));
}

/** The same, inside a pg transaction (inSqlTransaction). */
export async function writeAuditWith(run: SqlRunner, entry: AuditEntry): Promise<void> {
  await run(auditInsertStatement(entry));
}

// Kept on globalThis, like the pool it writes through, so that Next's hot reload keeps one queue per process.
const holder = globalThis as typeof globalThis & { meridianAuditCommit?: AuditGroupCommit };

function auditGroupCommit(): AuditGroupCommit {
  holder.meridianAuditCommit ??= new AuditGroupCommit(dbPool, auditInsertRows);
  return holder.meridianAuditCommit;
}

/**
 * For reads and for events with no other write (denials, sign-ins): the row is group-committed with those of
 * concurrent requests (lib/audit/group-commit.ts) and is durable when this resolves; a failure fails the request, so
 * a read returns its data only after this. Anonymous events are limited per client address
 * (lib/audit/anonymous-limit.ts), so nobody can flood the trail.
 */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  const row = entry.actor.kind === "anonymous" ? await limitAnonymousAudit(entry) : entry;
  if (row) await auditGroupCommit().append(auditRowValues(row));
}
