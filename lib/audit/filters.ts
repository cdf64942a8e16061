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

/** Rows whose `column` is one of `values`: each value read from the column's own (column, timestamp, id) index. */
export interface AuditFanOutBranch {
  column: "user_id" | "username";
  values: string[];
}

/** A filter as SQL, and what lets a page or a count read it from indexes alone. */
export interface AuditFilterSql {
  where: Prisma.Sql;
  /** At most one equality, on a column indexed with (timestamp, id), plus any time range. */
  oneIndex: boolean;
  /**
   * When the filter names several users (a name matching many accounts): the same rows as `where`, as one branch
   * per user and the other conditions (`rest`), so a page in time order reads each user's newest rows from the
   * index and merges them, instead of scanning the whole trail's newest rows for those of a few users.
   */
  fanOut?: { branches: AuditFanOutBranch[]; rest: Prisma.Sql };
}

interface Condition {
  sql: Prisma.Sql;
  /** One equality on one indexed column (an OR of several is not). */
  single: boolean;
}

const equality = (sql: Prisma.Sql): Condition => ({ sql, single: true });

function eitherOf(conditions: Prisma.Sql[]): Condition {
  if (conditions.length === 0) return { sql: Prisma.sql`false`, single: true };
  if (conditions.length === 1) return equality(conditions[0] as Prisma.Sql);
  return { sql: Prisma.sql`(${Prisma.join(conditions, " OR ")})`, single: false };
}

function userCondition({ ids, recordedName }: NonNullable<ResolvedAuditFilter["user"]>): Condition {
  const either: Prisma.Sql[] = [];
  // One id as an equality: with = ANY(array) the planner will not read the (user_id, timestamp, id) index in order.
  if (ids.length === 1) either.push(Prisma.sql`user_id = ${ids[0]}`);
  if (ids.length > 1) either.push(Prisma.sql`user_id = ANY(${ids}::varchar[])`);
  if (recordedName !== null) either.push(Prisma.sql`username = ${recordedName}`);
  const condition = eitherOf(either);
  return ids.length > 1 ? { ...condition, single: false } : condition;
}

function patientCondition(patient: PatientIdentity): Condition {
  const either: Prisma.Sql[] = [];
  if (patient.id) either.push(Prisma.sql`patient_id = ${patient.id}::uuid`);
  if (patient.mrn) either.push(Prisma.sql`patient_mrn = ${patient.mrn}`);
  return eitherOf(either);
}

export function timeSql(range: { from?: Date; to?: Date }): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (range.from) conditions.push(Prisma.sql`timestamp >= ${range.from}`);
  if (range.to) conditions.push(Prisma.sql`timestamp <= ${range.to}`);
  return conditions;
}

function andOf(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`true`;
}

/** The users a filter names, as index branches, when they are more than one equality (see AuditFilterSql). */
function userBranches({ ids, recordedName }: NonNullable<ResolvedAuditFilter["user"]>): AuditFanOutBranch[] | undefined {
  const branches: AuditFanOutBranch[] = [];
  if (ids.length > 0) branches.push({ column: "user_id", values: ids });
  if (recordedName !== null) branches.push({ column: "username", values: [recordedName] });
  return ids.length > 1 || branches.length > 1 ? branches : undefined;
}

/** Every condition of the filter joined with AND (`true` when nothing is filtered). */
export function auditFilterSql(filter: ResolvedAuditFilter): AuditFilterSql {
  const others: Condition[] = [];
  if (filter.patient) others.push(patientCondition(filter.patient));
  if (filter.eventType) others.push(equality(Prisma.sql`event_type = ${filter.eventType}`));
  if (filter.action) others.push(equality(Prisma.sql`action = ${filter.action}`));
  if (filter.resourceType) others.push(equality(Prisma.sql`resource_type = ${filter.resourceType}`));
  if (filter.resourceId) others.push(equality(Prisma.sql`resource_id = ${filter.resourceId}`));
  if (filter.status) others.push(equality(Prisma.sql`status = ${filter.status}`));
  if (filter.dataCategory) others.push(equality(Prisma.sql`data_category = ${filter.dataCategory}`));
  if (filter.requestId) others.push(equality(Prisma.sql`request_id = ${filter.requestId}`));
  const conditions = filter.user ? [userCondition(filter.user), ...others] : others;
  const branches = filter.user && userBranches(filter.user);
  return {
    where: andOf([...conditions.map((condition) => condition.sql), ...timeSql(filter)]),
    oneIndex: conditions.length === 0 || (conditions.length === 1 && conditions.every((condition) => condition.single)),
    fanOut: branches && { branches, rest: andOf([...others.map((condition) => condition.sql), ...timeSql(filter)]) },
  };
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
