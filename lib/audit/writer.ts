import "server-only";
import { limitAnonymousAudit } from "@/lib/audit/anonymous-limit";
import { fitColumn, fitDetails, fitUuid } from "@/lib/audit/bounds";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { AUDIT_EVENTS, type AuditAction, type AuditOutcome, type DataCategory } from "@/lib/audit/events";
import { AuditGroupCommit } from "@/lib/audit/group-commit";
import { dbPool } from "@/lib/db/client";
import { hotStatement } from "@/lib/db/hot-statement";
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

/** audit_logs' columns a writer fills, with their types (the audit_logs_chain trigger adds the id, lane and hashes). */
const AUDIT_COLUMNS = [
  ["event_type", "varchar"], ["event_category", "varchar"], ["action", "varchar"], ["user_id", "varchar"],
  ["username", "varchar"], ["user_role", "varchar"], ["resource_type", "varchar"], ["resource_id", "varchar"],
  ["patient_id", "uuid"], ["patient_mrn", "varchar"], ["ip_address", "varchar"], ["user_agent", "varchar"],
  ["request_method", "varchar"], ["request_path", "varchar"], ["request_id", "varchar"], ["correlation_id", "varchar"],
  ["status", "varchar"], ["status_code", "int"], ["duration_ms", "int"], ["data_category", "varchar"], ["details", "jsonb"],
] as const;

const COLUMN_LIST = `(${AUDIT_COLUMNS.map(([name]) => name).join(", ")})`;

/** One audit row's values in AUDIT_COLUMNS' order. */
export type AuditRowValues = readonly unknown[];

/**
 * Every value fitted to its column, so whatever a client sent cannot make the INSERT fail. The duration is taken
 * now: a row waiting for its group commit (lib/audit/group-commit.ts) records the request's time up to its read.
 */
export function auditRowValues(entry: AuditEntry): AuditRowValues {
  const event = AUDIT_EVENTS[entry.action];
  const { actor, request } = entry;
  return [
    fitColumn("event_type", event.eventType), fitColumn("event_category", event.eventCategory),
    fitColumn("action", entry.action), fitColumn("user_id", actor.id), fitColumn("username", actor.name),
    fitColumn("user_role", actor.role), fitColumn("resource_type", entry.resourceType),
    fitColumn("resource_id", entry.resourceId), fitUuid(entry.patient?.id),
    fitColumn("patient_mrn", entry.patient?.mrn), fitColumn("ip_address", request.ipAddress),
    fitColumn("user_agent", request.userAgent), fitColumn("request_method", request.method),
    fitColumn("request_path", request.path), fitColumn("request_id", request.requestId),
    fitColumn("correlation_id", request.correlationId), fitColumn("status", entry.outcome), entry.statusCode,
    Math.round(performance.now() - request.startedAt), fitColumn("data_category", entry.dataCategory),
    detailsJson(entry.details),
  ];
}

/**
 * Many rows as one INSERT of fixed text — one array parameter per column, unnested in order, so the trigger chains
 * them in the order given — which PostgreSQL parses and plans alike whatever the number of rows.
 */
export function auditInsertRows(rows: readonly AuditRowValues[]): { text: string; values: unknown[] } {
  const arrays = AUDIT_COLUMNS.map(([, type], column) => `$${column + 1}::${type}[]`).join(", ");
  return {
    text: `INSERT INTO audit_logs ${COLUMN_LIST} SELECT * FROM unnest(${arrays})`,
    values: AUDIT_COLUMNS.map((_, column) => rows.map((row) => row[column] ?? null)),
  };
}

/** The audit row as one INSERT statement. Every audited path sends this same statement, in its own transaction. */
export function auditInsertStatement(entry: AuditEntry): Prisma.Sql {
  const values = auditRowValues(entry).map((value, column) => Prisma.sql`${value}::${Prisma.raw(AUDIT_COLUMNS[column]?.[1] ?? "text")}`);
  return Prisma.sql`INSERT INTO audit_logs ${Prisma.raw(COLUMN_LIST)} VALUES (${Prisma.join(values)})`;
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
const holder = globalThis as typeof globalThis & { meridianAuditCommit?: AuditGroupCommit<AuditRowValues> };

function auditGroupCommit(): AuditGroupCommit<AuditRowValues> {
  holder.meridianAuditCommit ??= new AuditGroupCommit(dbPool, (rows) => {
    const { text, values } = auditInsertRows(rows);
    return hotStatement("meridian_audit_rows", text, values);
  });
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
