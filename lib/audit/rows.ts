import "server-only";
import { z } from "zod";
import { EMERGENCY_ACCESS_ACTION } from "@/lib/audit/criteria";
import type { AuditPageRow } from "@/lib/audit/listing-sql";
import type { AuditEventDetail, AuditEventRow } from "@/lib/audit/types";
import type { AuditEntry } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The row as listed: the page statement's bookkeeping dropped, emergency access flagged with the reason given. */
export function auditRowOf(row: AuditPageRow): AuditEventRow {
  const emergencyAccess = row.action === EMERGENCY_ACCESS_ACTION;
  return {
    id: row.id,
    timestamp: row.timestamp,
    eventType: row.eventType,
    eventCategory: row.eventCategory,
    action: row.action,
    userId: row.userId,
    username: row.username,
    userRole: row.userRole,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    patientId: row.patientId,
    patientMrn: row.patientMrn,
    dataCategory: row.dataCategory,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestMethod: row.requestMethod,
    requestPath: row.requestPath,
    requestId: row.requestId,
    status: row.status,
    statusCode: row.statusCode,
    durationMs: row.durationMs,
    emergencyAccess,
    emergencyReason: emergencyAccess ? row.emergencyReason : null,
  };
}

/** Everything stored for one event: the listed fields, the details and the hash-chain links. */
export const DETAIL_SELECT = {
  id: true,
  timestamp: true,
  eventType: true,
  eventCategory: true,
  action: true,
  userId: true,
  username: true,
  userRole: true,
  resourceType: true,
  resourceId: true,
  patientId: true,
  patientMrn: true,
  dataCategory: true,
  ipAddress: true,
  userAgent: true,
  requestMethod: true,
  requestPath: true,
  requestId: true,
  correlationId: true,
  status: true,
  statusCode: true,
  durationMs: true,
  details: true,
  prevHash: true,
  hash: true,
} satisfies Prisma.AuditLogSelect;

const EmergencyDetails = z.object({ reason: z.string() });

export function detailOf({ id, details, ...row }: Prisma.AuditLogGetPayload<{ select: typeof DETAIL_SELECT }>): AuditEventDetail {
  const emergencyAccess = row.action === EMERGENCY_ACCESS_ACTION;
  const reason = emergencyAccess ? EmergencyDetails.safeParse(details) : undefined;
  return { ...row, id: id.toString(), details, emergencyAccess, emergencyReason: reason?.success ? reason.data.reason : null };
}

/** The `audit.viewed` row every read of the trail writes in the same transaction as the read. */
export function reviewed(ctx: AuthContext, details: Prisma.InputJsonObject, resourceId?: string): AuditEntry {
  return {
    action: "audit.viewed",
    actor: ctx.actor,
    request: ctx.request,
    outcome: "success",
    statusCode: 200,
    resourceType: "audit_log",
    resourceId,
    details,
  };
}
