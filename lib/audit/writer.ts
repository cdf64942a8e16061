import "server-only";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { AUDIT_EVENTS, type AuditAction, type AuditOutcome, type DataCategory } from "@/lib/audit/events";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";

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

function rowOf(entry: AuditEntry): Prisma.AuditLogCreateInput {
  const event = AUDIT_EVENTS[entry.action];
  return {
    eventType: event.eventType,
    eventCategory: event.eventCategory,
    action: entry.action,
    userId: entry.actor.id,
    username: entry.actor.name,
    userRole: entry.actor.role,
    resourceType: entry.resourceType ?? null,
    resourceId: entry.resourceId ?? null,
    patientId: entry.patient?.id ?? null,
    patientMrn: entry.patient?.mrn ?? null,
    ipAddress: entry.request.ipAddress,
    userAgent: entry.request.userAgent,
    requestMethod: entry.request.method,
    requestPath: entry.request.path,
    requestId: entry.request.requestId,
    status: entry.outcome,
    statusCode: entry.statusCode,
    durationMs: Math.round(performance.now() - entry.request.startedAt),
    dataCategory: entry.dataCategory ?? null,
    details: entry.details,
  };
}

/** Writes the audit row inside the caller's transaction: it commits with the read or write, or neither does. */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: rowOf(entry), select: { id: true } });
}

/** For events with no other write (denials, sign-ins): its own transaction, and a failure fails the request. */
export function recordAudit(entry: AuditEntry): Promise<void> {
  return inTransaction((tx) => writeAudit(tx, entry));
}
