import "server-only";
import {
  EMERGENCY_ACCESS_ACTION,
  type AuditUserLookup,
  type PatientAccessReportCriteria,
  type UserAccessReportCriteria,
} from "@/lib/audit/criteria";
import { filterSummary, patientCondition, patientIdentity, timeCondition, type PatientIdentity } from "@/lib/audit/filters";
import { NEWEST_FIRST, pageOf } from "@/lib/audit/paging";
import { reviewed } from "@/lib/audit/rows";
import type { AccessTally, AuditUserMatch, PatientAccessReport, ReportSubject, UserAccessReport } from "@/lib/audit/types";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { Uuid } from "@/lib/shared-schema/fields";

// The access reports (ONC 170.315(d)(3)): who accessed a patient, what a user accessed. Audited like the log.

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
