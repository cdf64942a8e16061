import "server-only";
import {
  EMERGENCY_ACCESS_ACTION,
  type AuditPagePosition,
  type AuditUserLookup,
  type PatientAccessReportCriteria,
  type UserAccessReportCriteria,
} from "@/lib/audit/criteria";
import { auditFilterSql, filterSummary, patientIdentity, RecordedId } from "@/lib/audit/filters";
import type { AuditOrder } from "@/lib/audit/listing-sql";
import { positionDetails, readAuditPage } from "@/lib/audit/paging";
import { reviewed } from "@/lib/audit/rows";
import type { AccessTally, AuditEventPage, AuditUserMatch, PatientAccessReport, ReportSubject, UserAccessReport } from "@/lib/audit/types";
import type { AuditEntry } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inAuditedRead } from "@/lib/db/read-routing";
import { containsPattern } from "@/lib/db/like";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";

// The access reports (ONC 170.315(d)(3)): who accessed a patient, what a user accessed. Audited like the log; their
// events are keyset pages of the log, newest first.

const NEWEST_FIRST: AuditOrder = { sort: "timestamp", dir: "desc" };

interface TallyRow {
  [column: string]: unknown;
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

/** The report's own `audit.viewed` row: what it was about, its range and page, and how much it showed. */
function reportViewed(
  ctx: AuthContext,
  criteria: { from?: Date; to?: Date; position?: AuditPagePosition },
  events: AuditEventPage,
  details: Prisma.InputJsonObject,
): AuditEntry {
  const range = filterSummary({ from: criteria.from, to: criteria.to });
  return reviewed(ctx, { ...details, ...range, ...positionDetails(criteria.position), total: events.total });
}

/** "Who accessed this patient": each user with counts, first and last access and data categories, then the events. */
export async function patientAccessReport(ctx: AuthContext, criteria: PatientAccessReportCriteria): Promise<PatientAccessReport> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const patient = await patientIdentity(run, criteria);
    const filter = auditFilterSql({ patient, from: criteria.from, to: criteria.to });
    const rows = await run<TallyRow & { user_id: string | null; username: string | null; user_role: string | null }>(Prisma.sql`
      SELECT user_id, username, user_role, ${TALLIES}
      FROM audit_logs WHERE ${filter.where}
      GROUP BY user_id, username, user_role
      ORDER BY last_access DESC, user_id`);
    const users = rows.map((row) => ({ userId: row.user_id, username: row.username, userRole: row.user_role, ...tallyOf(row) }));
    const events = await readAuditPage(run, { filter, order: NEWEST_FIRST, position: criteria.position, pageSize: criteria.pageSize });
    await audit(reportViewed(ctx, criteria, events, { report: "patient_access", patientId: patient.id, mrn: patient.mrn, users: users.length }));
    return { patient, users, events };
  });
}

async function reportSubject(run: SqlRunner, id: string): Promise<ReportSubject> {
  if (RecordedId.safeParse(id).success) {
    const [user] = await run<{ name: string; email: string; role: Role }>(
      Prisma.sql`SELECT name, email, role::text AS role FROM users WHERE id = ${id}::uuid`,
    );
    if (user) return { id, kind: "user", ...user };
    const [key] = await run<{ name: string; role: Role }>(Prisma.sql`SELECT name, role::text AS role FROM api_keys WHERE id = ${id}::uuid`);
    if (key) return { id, kind: "api_key", email: null, ...key };
  }
  const [recorded] = await run<{ username: string | null; user_role: string | null }>(Prisma.sql`
    SELECT username, user_role FROM audit_logs WHERE user_id = ${id} ORDER BY timestamp DESC, id DESC LIMIT 1`);
  return { id, kind: "unknown", name: recorded?.username ?? null, email: null, role: recorded?.user_role ?? null };
}

/** "What did this user access": each patient touched with counts and data categories, then all the user's events. */
export async function userAccessReport(ctx: AuthContext, criteria: UserAccessReportCriteria): Promise<UserAccessReport> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const subject = await reportSubject(run, criteria.userId);
    const byUser = auditFilterSql({ user: { ids: [criteria.userId], recordedName: null }, from: criteria.from, to: criteria.to });
    const rows = await run<TallyRow & { patient_id: string | null; patient_mrn: string | null }>(Prisma.sql`
      SELECT patient_id::text AS patient_id, patient_mrn, ${TALLIES}
      FROM audit_logs WHERE ${byUser.where} AND (patient_id IS NOT NULL OR patient_mrn IS NOT NULL)
      GROUP BY patient_id, patient_mrn
      ORDER BY last_access DESC, patient_mrn`);
    const patients = rows.map((row) => ({ patientId: row.patient_id, patientMrn: row.patient_mrn, ...tallyOf(row) }));
    const events = await readAuditPage(run, { filter: byUser, order: NEWEST_FIRST, position: criteria.position, pageSize: criteria.pageSize });
    await audit(reportViewed(ctx, criteria, events, { report: "user_access", userId: criteria.userId, patients: patients.length }));
    return { subject, patients, events };
  });
}

/** Users whose name or e-mail contains the text (% and _ match themselves), to pick the subject of a user report. */
export async function findReportUsers(ctx: AuthContext, lookup: AuditUserLookup): Promise<AuditUserMatch[]> {
  await assertCan(ctx, "audit:read");
  const pattern = containsPattern(lookup.q);
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const users = await run<AuditUserMatch & Record<string, unknown>>(Prisma.sql`
      SELECT id::text AS id, name, email, role::text AS role, active FROM users
      WHERE name ILIKE ${pattern} OR email ILIKE ${pattern}
      ORDER BY name, id LIMIT 20`);
    await audit(reviewed(ctx, { report: "user_lookup", query: lookup.q, matches: users.length }));
    return users;
  });
}
