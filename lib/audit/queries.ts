import "server-only";
import { z } from "zod";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import {
  AUDIT_FILTER_KEYS,
  EMERGENCY_ACCESS_ACTION,
  type AuditFilter,
  type AuditSearchCriteria,
  type AuditSortField,
  type AuditUserLookup,
  type PatientAccessReportCriteria,
  type UserAccessReportCriteria,
} from "@/lib/audit/criteria";
import { AUDIT_CSV_HEADER, csvLine, type AuditCsvColumn, type CsvValue } from "@/lib/audit/csv";
import { verifyAuditChain, type ChainVerification } from "@/lib/audit/verify";
import { recordAudit, writeAudit, type AuditEntry } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { Uuid } from "@/lib/shared-schema/fields";

// The compliance officer's side of the audit trail (HIPAA 164.312(b), ONC 170.315(d)(2),(d)(3)). Every function
// checks its permission itself, and every read of the trail is itself audited (`audit.viewed`) in the same
// transaction as the read.

/** One audit event as the log and the reports list it. */
export interface AuditEventRow {
  id: string;
  timestamp: Date;
  eventType: string;
  eventCategory: string | null;
  action: string;
  userId: string | null;
  username: string | null;
  userRole: string | null;
  resourceType: string | null;
  resourceId: string | null;
  patientId: string | null;
  patientMrn: string | null;
  dataCategory: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestMethod: string | null;
  requestPath: string | null;
  requestId: string | null;
  status: string;
  statusCode: number | null;
  durationMs: number | null;
  /** Emergency ("break the glass") access: flagged for review, with the reason the user gave. */
  emergencyAccess: boolean;
  emergencyReason: string | null;
}

/** One event with everything stored: details and its links in the hash chain. */
export interface AuditEventDetail extends AuditEventRow {
  details: Prisma.JsonValue | null;
  prevHash: string | null;
  hash: string;
}

export interface AuditEventPage {
  data: AuditEventRow[];
  page: number;
  pageSize: number;
  total: number;
}

/** The latest run of "verify chain", as recorded in the trail itself. */
export interface LatestVerification {
  auditId: string;
  verifiedAt: Date;
  verifiedBy: string | null;
  ok: boolean;
  rowsChecked: number;
  brokenAtId: string | null;
}

export interface AuditLogOverview {
  events: AuditEventPage;
  latestVerification: LatestVerification | null;
}

/** Counts of one user's (or one patient's) events in a report. */
export interface AccessTally {
  events: number;
  firstAccess: Date;
  lastAccess: Date;
  dataCategories: string[];
  emergencyAccesses: number;
  deniedAttempts: number;
}

export interface PatientAccessByUser extends AccessTally {
  userId: string | null;
  username: string | null;
  userRole: string | null;
}

export interface PatientAccessReport {
  patient: { id: string | null; mrn: string | null };
  users: PatientAccessByUser[];
  events: AuditEventPage;
}

export interface UserAccessByPatient extends AccessTally {
  patientId: string | null;
  patientMrn: string | null;
}

export interface ReportSubject {
  id: string;
  kind: "user" | "api_key" | "unknown";
  name: string | null;
  email: string | null;
  role: string | null;
}

export interface UserAccessReport {
  subject: ReportSubject;
  patients: UserAccessByPatient[];
  events: AuditEventPage;
}

export interface AuditUserMatch {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

const EVENT_SELECT = {
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

type SelectedEvent = Prisma.AuditLogGetPayload<{ select: typeof EVENT_SELECT }>;

const EmergencyDetails = z.object({ reason: z.string() });

function rowOf({ details, ...event }: SelectedEvent): AuditEventRow {
  const emergencyAccess = event.action === EMERGENCY_ACCESS_ACTION;
  const reason = emergencyAccess ? EmergencyDetails.safeParse(details) : undefined;
  return { ...event, id: event.id.toString(), emergencyAccess, emergencyReason: reason?.success ? reason.data.reason : null };
}

// ---------------------------------------------------------------------------------------------------------------
// Filters

type Where = Prisma.AuditLogWhereInput;

interface PatientIdentity {
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
async function patientIdentity(tx: Tx, by: { mrn?: string; patientId?: string }): Promise<PatientIdentity> {
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

function patientCondition(patient: PatientIdentity): Where {
  const either: Where[] = [];
  if (patient.id) either.push({ patientId: patient.id });
  if (patient.mrn) either.push({ patientMrn: patient.mrn });
  return { OR: either };
}

function timeCondition(range: { from?: Date; to?: Date }): Where {
  return range.from || range.to ? { timestamp: { gte: range.from, lte: range.to } } : {};
}

async function whereOf(tx: Tx, filter: AuditFilter): Promise<Where> {
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
function filterSummary(filter: AuditFilter): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) summary[key] = value instanceof Date ? value.toISOString() : value;
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading pages

interface PageRequest {
  page: number;
  pageSize: number;
}

// Ties are broken by id in the same direction, so every page boundary is stable.
function orderOf(sort: AuditSortField, dir: Prisma.SortOrder): Prisma.AuditLogOrderByWithRelationInput[] {
  const primary: Partial<Record<AuditSortField, Prisma.SortOrder>> = { [sort]: dir };
  return sort === "id" ? [primary] : [primary, { id: dir }];
}

async function pageOf(
  tx: Tx,
  where: Where,
  orderBy: Prisma.AuditLogOrderByWithRelationInput[],
  { page, pageSize }: PageRequest,
): Promise<AuditEventPage> {
  const total = await tx.auditLog.count({ where });
  const rows = await tx.auditLog.findMany({ where, orderBy, skip: (page - 1) * pageSize, take: pageSize, select: EVENT_SELECT });
  return { data: rows.map(rowOf), page, pageSize, total };
}

const NEWEST_FIRST: Prisma.AuditLogOrderByWithRelationInput[] = [{ timestamp: "desc" }, { id: "desc" }];

function reviewed(ctx: AuthContext, details: Prisma.InputJsonObject, resourceId?: string): AuditEntry {
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

function searchSummary(criteria: AuditSearchCriteria): Prisma.InputJsonObject {
  const { sort, dir, page, pageSize, ...filter } = criteria;
  return { filter: filterSummary(filter), sort, dir, page, pageSize };
}

async function listWithin(tx: Tx, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  const where = await whereOf(tx, criteria);
  return pageOf(tx, where, orderOf(criteria.sort, criteria.dir), criteria);
}

/** One page of the audit log, filtered and sorted by any column. */
export async function listAuditEvents(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const events = await listWithin(tx, criteria);
    await writeAudit(tx, reviewed(ctx, { view: "log", ...searchSummary(criteria), total: events.total }));
    return events;
  });
}

const VerificationDetails = z.object({
  ok: z.boolean(),
  rowsChecked: z.number(),
  brokenAtId: z.string().nullish(),
});

async function latestVerificationWithin(tx: Tx): Promise<LatestVerification | null> {
  const latest = await tx.auditLog.findFirst({
    where: { eventType: "audit", action: "audit.verified" },
    orderBy: { id: "desc" },
    select: { id: true, timestamp: true, username: true, details: true },
  });
  const details = VerificationDetails.safeParse(latest?.details);
  if (!latest || !details.success) return null;
  return {
    auditId: latest.id.toString(),
    verifiedAt: latest.timestamp,
    verifiedBy: latest.username,
    ok: details.data.ok,
    rowsChecked: details.data.rowsChecked,
    brokenAtId: details.data.brokenAtId ?? null,
  };
}

/** The audit log page: one page of events and the latest chain verification, audited as one view. */
export async function auditLogOverview(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditLogOverview> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const events = await listWithin(tx, criteria);
    const latestVerification = await latestVerificationWithin(tx);
    await writeAudit(tx, reviewed(ctx, { view: "log", ...searchSummary(criteria), total: events.total }));
    return { events, latestVerification };
  });
}

const EVENT_ID = /^\d{1,19}$/;

/** One event with its details and hash-chain links; NOT_FOUND (audited as a failed view) when there is none. */
export async function getAuditEvent(ctx: AuthContext, id: string): Promise<AuditEventDetail> {
  await assertCan(ctx, "audit:read");
  const event = await inTransaction(async (tx) => {
    const found = EVENT_ID.test(id)
      ? await tx.auditLog.findUnique({ where: { id: BigInt(id) }, select: { ...EVENT_SELECT, prevHash: true, hash: true } })
      : null;
    const entry = reviewed(ctx, { view: "event" }, id.slice(0, 128));
    await writeAudit(tx, found ? entry : { ...entry, outcome: "failure", statusCode: 404 });
    return found;
  });
  if (!event) throw new AppError("NOT_FOUND", "There is no audit event with this id.");
  const { prevHash, hash, details, ...rest } = event;
  return { ...rowOf({ ...rest, details }), details, prevHash, hash };
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

interface TallyRow {
  events: number;
  first_access: Date;
  last_access: Date;
  data_categories: string[];
  emergency_accesses: number;
  denied_attempts: number;
}

const TALLIES = Prisma.sql`
  count(*)::int AS events,
  min(timestamp) AS first_access,
  max(timestamp) AS last_access,
  coalesce(array_agg(DISTINCT data_category) FILTER (WHERE data_category IS NOT NULL), '{}') AS data_categories,
  (count(*) FILTER (WHERE action = ${EMERGENCY_ACCESS_ACTION}))::int AS emergency_accesses,
  (count(*) FILTER (WHERE status = 'denied'))::int AS denied_attempts`;

function tallyOf(row: TallyRow): AccessTally {
  return {
    events: row.events,
    firstAccess: row.first_access,
    lastAccess: row.last_access,
    dataCategories: [...row.data_categories].sort(),
    emergencyAccesses: row.emergency_accesses,
    deniedAttempts: row.denied_attempts,
  };
}

function timeSql(range: { from?: Date; to?: Date }): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (range.from) conditions.push(Prisma.sql`timestamp >= ${range.from}`);
  if (range.to) conditions.push(Prisma.sql`timestamp <= ${range.to}`);
  return conditions;
}

function patientSql(patient: PatientIdentity): Prisma.Sql {
  const either: Prisma.Sql[] = [];
  if (patient.id) either.push(Prisma.sql`patient_id = ${patient.id}::uuid`);
  if (patient.mrn) either.push(Prisma.sql`patient_mrn = ${patient.mrn}`);
  return either.length ? Prisma.sql`(${Prisma.join(either, " OR ")})` : Prisma.sql`false`;
}

function rangeSummary(range: { from?: Date; to?: Date }): Record<string, string> {
  return filterSummary({ from: range.from, to: range.to });
}

/** "Who accessed this patient": each user with counts, first and last access and data categories, then the events. */
export async function patientAccessReport(ctx: AuthContext, criteria: PatientAccessReportCriteria): Promise<PatientAccessReport> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const patient = await patientIdentity(tx, criteria);
    const where = Prisma.join([patientSql(patient), ...timeSql(criteria)], " AND ");
    const rows = await tx.$queryRaw<(TallyRow & { user_id: string | null; username: string | null; user_role: string | null })[]>`
      SELECT user_id, username, user_role, ${TALLIES}
      FROM audit_logs WHERE ${where}
      GROUP BY user_id, username, user_role
      ORDER BY last_access DESC, user_id`;
    const users = rows.map((row) => ({ userId: row.user_id, username: row.username, userRole: row.user_role, ...tallyOf(row) }));
    const events = await pageOf(tx, { AND: [patientCondition(patient), timeCondition(criteria)] }, NEWEST_FIRST, criteria);
    await writeAudit(
      tx,
      reviewed(ctx, {
        report: "patient_access",
        patientId: patient.id,
        mrn: patient.mrn,
        ...rangeSummary(criteria),
        page: criteria.page,
        users: users.length,
        total: events.total,
      }),
    );
    return { patient, users, events };
  });
}

async function reportSubject(tx: Tx, id: string): Promise<ReportSubject> {
  if (Uuid.safeParse(id).success) {
    const user = await tx.user.findUnique({ where: { id }, select: { name: true, email: true, role: true } });
    if (user) return { id, kind: "user", ...user };
    const key = await tx.apiKey.findUnique({ where: { id }, select: { name: true, role: true } });
    if (key) return { id, kind: "api_key", email: null, ...key };
  }
  const recorded = await tx.auditLog.findFirst({ where: { userId: id }, orderBy: { id: "desc" }, select: { username: true, userRole: true } });
  return { id, kind: "unknown", name: recorded?.username ?? null, email: null, role: recorded?.userRole ?? null };
}

/** "What did this user access": each patient touched with counts and data categories, then all the user's events. */
export async function userAccessReport(ctx: AuthContext, criteria: UserAccessReportCriteria): Promise<UserAccessReport> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const subject = await reportSubject(tx, criteria.userId);
    const where = Prisma.join(
      [Prisma.sql`user_id = ${criteria.userId}`, Prisma.sql`(patient_id IS NOT NULL OR patient_mrn IS NOT NULL)`, ...timeSql(criteria)],
      " AND ",
    );
    const rows = await tx.$queryRaw<(TallyRow & { patient_id: string | null; patient_mrn: string | null })[]>`
      SELECT patient_id::text AS patient_id, patient_mrn, ${TALLIES}
      FROM audit_logs WHERE ${where}
      GROUP BY patient_id, patient_mrn
      ORDER BY last_access DESC, patient_mrn`;
    const patients = rows.map((row) => ({ patientId: row.patient_id, patientMrn: row.patient_mrn, ...tallyOf(row) }));
    const events = await pageOf(tx, { AND: [{ userId: criteria.userId }, timeCondition(criteria)] }, NEWEST_FIRST, criteria);
    await writeAudit(
      tx,
      reviewed(ctx, {
        report: "user_access",
        userId: criteria.userId,
        ...rangeSummary(criteria),
        page: criteria.page,
        patients: patients.length,
        total: events.total,
      }),
    );
    return { subject, patients, events };
  });
}

/** Users whose name or e-mail contains the text, to pick the subject of a user report. */
export async function findReportUsers(ctx: AuthContext, lookup: AuditUserLookup): Promise<AuditUserMatch[]> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const users = await tx.user.findMany({
      where: { OR: [{ name: { contains: lookup.q, mode: "insensitive" } }, { email: { contains: lookup.q, mode: "insensitive" } }] },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: 20,
      select: { id: true, name: true, email: true, role: true, active: true },
    });
    await writeAudit(tx, reviewed(ctx, { report: "user_lookup", query: lookup.q, matches: users.length }));
    return users;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Export

const CSV_VALUES: Record<AuditCsvColumn, (row: SelectedEvent) => CsvValue> = {
  id: (row) => row.id,
  timestamp: (row) => row.timestamp,
  event_type: (row) => row.eventType,
  event_category: (row) => row.eventCategory,
  action: (row) => row.action,
  user_id: (row) => row.userId,
  username: (row) => row.username,
  user_role: (row) => row.userRole,
  resource_type: (row) => row.resourceType,
  resource_id: (row) => row.resourceId,
  patient_id: (row) => row.patientId,
  patient_mrn: (row) => row.patientMrn,
  data_category: (row) => row.dataCategory,
  status: (row) => row.status,
  status_code: (row) => row.statusCode,
  ip_address: (row) => row.ipAddress,
  user_agent: (row) => row.userAgent,
  request_method: (row) => row.requestMethod,
  request_path: (row) => row.requestPath,
  request_id: (row) => row.requestId,
  duration_ms: (row) => row.durationMs,
  details: (row) => (row.details === null ? null : JSON.stringify(row.details)),
};

const csvRecord = (row: SelectedEvent) => csvLine(AUDIT_CSV_HEADER.map((column) => CSV_VALUES[column](row)));

const EXPORT_BATCH_SIZE = 500;

/**
 * Streams the matching events as CSV in id (hash-chain) order, reading keyset-paginated batches as the consumer
 * pulls, so the export never holds the whole trail in memory. Rows are append-only, so the set is fixed by the
 * newest id at the start.
 */
function csvStream(where: Where, upToId: bigint): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId: bigint | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (afterId === null) {
        afterId = 0n;
        controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await db().auditLog.findMany({
        where: { AND: [where, { id: { gt: afterId, lte: upToId } }] },
        orderBy: { id: "asc" },
        take: EXPORT_BATCH_SIZE,
        select: EVENT_SELECT,
      });
      const last = rows.at(-1);
      if (last) {
        afterId = last.id;
        controller.enqueue(encoder.encode(rows.map(csvRecord).join("")));
      }
      if (rows.length < EXPORT_BATCH_SIZE) controller.close();
    },
  });
}

/** The filtered trail as a CSV stream; the `audit.exported` row is committed before the first byte is produced. */
export async function exportAuditCsv(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<ReadableStream<Uint8Array>> {
  await assertCan(ctx, "audit:export");
  const { where, upToId } = await inTransaction(async (tx) => {
    const filtered = await whereOf(tx, criteria);
    const newest = await tx.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const upTo = newest?.id ?? 0n;
    await writeAudit(tx, {
      action: "audit.exported",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "audit_log",
      details: { format: "csv", filter: filterSummary(criteria), order: "id", upToId: upTo.toString() },
    });
    return { where: filtered, upToId: upTo };
  });
  return csvStream(where, upToId);
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

/** Records a chain verification in the trail (also used by the `audit verify` CLI, whose actor is the shell user). */
export async function recordVerification(actor: Actor, request: RequestInfo, result: ChainVerification): Promise<void> {
  const details: Prisma.InputJsonObject = result.ok
    ? { ok: true, rowsChecked: result.rowsChecked, lastId: result.lastId }
    : { ok: false, rowsChecked: result.rowsChecked, brokenAtId: result.brokenAtId, reason: result.reason };
  await recordAudit({
    action: "audit.verified",
    actor,
    request,
    outcome: result.ok ? "success" : "failure",
    statusCode: 200,
    resourceType: "audit_log",
    details,
  });
}

/** Recomputes the hash chain (lib/audit/verify.ts) and records the result as `audit.verified`. */
export async function verifyAuditTrail(ctx: AuthContext): Promise<ChainVerification> {
  await assertCan(ctx, "audit:verify");
  const result = await verifyAuditChain();
  await recordVerification(ctx.actor, ctx.request, result);
  return result;
}
