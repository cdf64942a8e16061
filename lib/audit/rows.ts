import "server-only";
import { z } from "zod";
import { EMERGENCY_ACCESS_ACTION } from "@/lib/audit/criteria";
import type { AuditEventRow } from "@/lib/audit/types";
import type { AuditEntry } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The columns an audit event is read with, everywhere the trail is listed or exported. */
export const EVENT_SELECT = {
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
  status: true,
  statusCode: true,
  durationMs: true,
  details: true,
} satisfies Prisma.AuditLogSelect;

export type SelectedEvent = Prisma.AuditLogGetPayload<{ select: typeof EVENT_SELECT }>;

const EmergencyDetails = z.object({ reason: z.string() });

/** The row as listed: id as a string, emergency access flagged with the reason the user gave. */
export function rowOf({ details, ...event }: SelectedEvent): AuditEventRow {
  const emergencyAccess = event.action === EMERGENCY_ACCESS_ACTION;
  const reason = emergencyAccess ? EmergencyDetails.safeParse(details) : undefined;
  return { ...event, id: event.id.toString(), emergencyAccess, emergencyReason: reason?.success ? reason.data.reason : null };
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
