import "server-only";
import { AUDIT_FILTER_KEYS, type AuditFilter } from "@/lib/audit/criteria";
import type { Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Uuid } from "@/lib/shared-schema/fields";

// The audit log's filters as Prisma conditions, shared by the log, the reports and the export.

export type Where = Prisma.AuditLogWhereInput;

export interface PatientIdentity {
  id: string | null;
  mrn: string | null;
}

/** A user id matches exactly; other text matches the recorded name or a current user's name or e-mail. */
async function userCondition(tx: Tx, user: string): Promise<Where> {
  if (Uuid.safeParse(user).success) return { userId: user };
  const accounts = await tx.user.findMany({
    where: { OR: [{ name: { contains: user, mode: "insensitive" } }, { email: { contains: user, mode: "insensitive" } }] },
    select: { id: true },
    take: 100,
  });
  return { OR: [{ username: { contains: user, mode: "insensitive" } }, { userId: { in: accounts.map((account) => account.id) } }] };
}

/** The patient by MRN or id, with the other identifier when the patient exists, so rows carrying either match. */
export async function patientIdentity(tx: Tx, by: { mrn?: string; patientId?: string }): Promise<PatientIdentity> {
  if (by.mrn) {
    const patient = await tx.patient.findUnique({ where: { mrn: by.mrn }, select: { id: true } });
    return { id: patient?.id ?? null, mrn: by.mrn };
  }
  if (by.patientId) {
    const patient = await tx.patient.findUnique({ where: { id: by.patientId }, select: { mrn: true } });
    return { id: by.patientId, mrn: patient?.mrn ?? null };
  }
  return { id: null, mrn: null };
}

export function patientCondition(patient: PatientIdentity): Where {
  const either: Where[] = [];
  if (patient.id) either.push({ patientId: patient.id });
  if (patient.mrn) either.push({ patientMrn: patient.mrn });
  return { OR: either };
}

export function timeCondition(range: { from?: Date; to?: Date }): Where {
  return range.from || range.to ? { timestamp: { gte: range.from, lte: range.to } } : {};
}

export async function whereOf(tx: Tx, filter: AuditFilter): Promise<Where> {
  const conditions: Where[] = [timeCondition(filter)];
  if (filter.user) conditions.push(await userCondition(tx, filter.user));
  if (filter.mrn) conditions.push(patientCondition(await patientIdentity(tx, { mrn: filter.mrn })));
  if (filter.eventType) conditions.push({ eventType: filter.eventType });
  if (filter.action) conditions.push({ action: filter.action });
  if (filter.resourceType) conditions.push({ resourceType: filter.resourceType });
  if (filter.resourceId) conditions.push({ resourceId: filter.resourceId });
  if (filter.status) conditions.push({ status: filter.status });
  if (filter.dataCategory) conditions.push({ dataCategory: filter.dataCategory });
  if (filter.requestId) conditions.push({ requestId: filter.requestId });
  return { AND: conditions };
}

/** The filters that are set, as the audit row's details record them (dates as ISO strings). */
export function filterSummary(filter: AuditFilter): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) summary[key] = value instanceof Date ? value.toISOString() : value;
  }
  return summary;
}
