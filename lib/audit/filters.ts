import { z } from "zod";
import { AUDIT_FILTER_KEYS, type AuditFilter } from "@/lib/audit/criteria";
import { containsPattern } from "@/lib/db/like";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// The audit log's filters as SQL conditions, shared by the log, the reports, the export and the benchmark. Every
// condition is an equality (or a time range) on a column indexed together with (timestamp, id), so a filter reads
// its matches newest first from one index, however many rows the trail holds. Text that names people is resolved
// first against the small tables that hold them (users, API keys, patients), then matched by id.

/** How many accounts a user filter may name; text matching more is too vague to be a filter. */
export const MAX_MATCHED_ACCOUNTS = 1_000;

export interface PatientIdentity {
  id: string | null;
  mrn: string | null;
}

/** The filter with every name resolved to the ids the rows carry. */
export interface ResolvedAuditFilter extends Omit<AuditFilter, "user" | "mrn"> {
  /** From `user`: the accounts it names, and the text itself as a recorded name. */
  user?: { ids: string[]; recordedName: string | null };
  patient?: PatientIdentity;
}

/** The users and API keys whose name (or e-mail, or key prefix) contains the text, case-insensitively. */
export function accountsMatchingStatement(text: string): Prisma.Sql {
  const pattern = containsPattern(text);
  return Prisma.sql`
    SELECT id::text AS id FROM users WHERE name ILIKE ${pattern} OR email ILIKE ${pattern}
    UNION
    SELECT id::text FROM api_keys WHERE name ILIKE ${pattern} OR prefix ILIKE ${pattern}
    LIMIT ${MAX_MATCHED_ACCOUNTS}`;
}

/** The patient by MRN or id, with the other identifier when the patient exists, so rows carrying either match. */
export async function patientIdentity(run: SqlRunner, by: { mrn?: string; patientId?: string }): Promise<PatientIdentity> {
  if (by.mrn) {
    const [patient] = await run<{ id: string }>(Prisma.sql`SELECT id::text AS id FROM patients WHERE mrn = ${by.mrn}`);
    return { id: patient?.id ?? null, mrn: by.mrn };
  }
  if (by.patientId) {
    const [patient] = await run<{ mrn: string }>(Prisma.sql`SELECT mrn FROM patients WHERE id = ${by.patientId}::uuid`);
    return { id: by.patientId, mrn: patient?.mrn ?? null };
  }
  return { id: null, mrn: null };
}

/** An id as audit rows record it: any 8-4-4-4-12 hex id (not only RFC 4122 versions, as the Uuid schema wants). */
export const RecordedId = z.guid();

/** A user id matches exactly; other text names accounts (by id) or is a recorded name, e.g. a rejected key's prefix. */
async function resolveUser(run: SqlRunner, user: string): Promise<NonNullable<ResolvedAuditFilter["user"]>> {
  if (RecordedId.safeParse(user).success) return { ids: [user.toLowerCase()], recordedName: null };
  const accounts = await run<{ id: string }>(accountsMatchingStatement(user));
  return { ids: accounts.map((account) => account.id), recordedName: user };
}

export async function resolveAuditFilter(run: SqlRunner, { user, mrn, ...rest }: AuditFilter): Promise<ResolvedAuditFilter> {
  return {
    ...rest,
    user: user === undefined ? undefined : await resolveUser(run, user),
    patient: mrn === undefined ? undefined : await patientIdentity(run, { mrn }),
  };
}

function userSql({ ids, recordedName }: NonNullable<ResolvedAuditFilter["user"]>): Prisma.Sql {
  const either: Prisma.Sql[] = [];
  // One id as an equality: with = ANY(array) the planner will not read the (user_id, timestamp, id) index in order.
  if (ids.length === 1) either.push(Prisma.sql`user_id = ${ids[0]}`);
  if (ids.length > 1) either.push(Prisma.sql`user_id = ANY(${ids}::varchar[])`);
  if (recordedName !== null) either.push(Prisma.sql`username = ${recordedName}`);
  return either.length > 0 ? Prisma.sql`(${Prisma.join(either, " OR ")})` : Prisma.sql`false`;
}

export function patientSql(patient: PatientIdentity): Prisma.Sql {
  const either: Prisma.Sql[] = [];
  if (patient.id) either.push(Prisma.sql`patient_id = ${patient.id}::uuid`);
  if (patient.mrn) either.push(Prisma.sql`patient_mrn = ${patient.mrn}`);
  return either.length > 0 ? Prisma.sql`(${Prisma.join(either, " OR ")})` : Prisma.sql`false`;
}

export function timeSql(range: { from?: Date; to?: Date }): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (range.from) conditions.push(Prisma.sql`timestamp >= ${range.from}`);
  if (range.to) conditions.push(Prisma.sql`timestamp <= ${range.to}`);
  return conditions;
}

/** Every condition of the filter joined with AND (`true` when nothing is filtered). */
export function auditFilterSql(filter: ResolvedAuditFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [...timeSql(filter)];
  if (filter.user) conditions.push(userSql(filter.user));
  if (filter.patient) conditions.push(patientSql(filter.patient));
  if (filter.eventType) conditions.push(Prisma.sql`event_type = ${filter.eventType}`);
  if (filter.action) conditions.push(Prisma.sql`action = ${filter.action}`);
  if (filter.resourceType) conditions.push(Prisma.sql`resource_type = ${filter.resourceType}`);
  if (filter.resourceId) conditions.push(Prisma.sql`resource_id = ${filter.resourceId}`);
  if (filter.status) conditions.push(Prisma.sql`status = ${filter.status}`);
  if (filter.dataCategory) conditions.push(Prisma.sql`data_category = ${filter.dataCategory}`);
  if (filter.requestId) conditions.push(Prisma.sql`request_id = ${filter.requestId}`);
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`true`;
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
