import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { CompliancePeriod } from "@/lib/compliance/criteria";
import { inAuditedRead } from "@/lib/db/read-routing";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// The HIPAA compliance overview for one period. Every figure is one grouped count read through the trail's
// (action|event_type, timestamp, id) indexes, so a trail of millions of rows is read only within the period.

/** An emergency access counts as overdue when it has waited this long for its review. */
export const REVIEW_OVERDUE_DAYS = 7;

export interface Figure {
  label: string;
  value: number;
}

export interface ComplianceReport {
  period: CompliancePeriod;
  accessByRoleAndCategory: { role: string; category: string; count: number }[];
  denials: { total: number; byReason: Figure[]; topUsers: Figure[]; topIps: Figure[] };
  emergencyAccess: { granted: number; reviewed: number; awaiting: number; overdue: number };
  alerts: { rule: string; status: string; count: number }[];
  verifications: { runs: number; ok: number; failed: number; last: { at: Date; ok: boolean } | null };
  retentionRuns: { runs: number; deleted: number };
  keyRotations: { runs: number; rowsReencrypted: number };
}

type Row = Record<string, unknown>;

function within(period: CompliancePeriod): Prisma.Sql {
  return Prisma.sql`timestamp >= ${period.start} AND timestamp < ${period.end}`;
}

async function figures(run: SqlRunner, query: Prisma.Sql): Promise<Figure[]> {
  const rows = await run<Row & { label: string | null; value: number }>(query);
  return rows.map((row) => ({ label: row.label ?? "(unknown)", value: row.value }));
}

async function accessByRoleAndCategory(run: SqlRunner, period: CompliancePeriod): Promise<ComplianceReport["accessByRoleAndCategory"]> {
  const rows = await run<Row & { role: string | null; category: string | null; count: number }>(Prisma.sql`
    SELECT user_role AS role, data_category AS category, count(*)::int AS count
    FROM audit_logs WHERE event_type = 'data_access' AND status = 'success' AND ${within(period)}
    GROUP BY 1, 2 ORDER BY 1, 2`);
  return rows.map((row) => ({ role: row.role ?? "(none)", category: row.category ?? "(none)", count: row.count }));
}

async function denials(run: SqlRunner, period: CompliancePeriod): Promise<ComplianceReport["denials"]> {
  const denied = Prisma.sql`FROM audit_logs WHERE status = 'denied' AND ${within(period)}`;
  const [total] = await run<Row & { count: number }>(Prisma.sql`SELECT count(*)::int AS count ${denied}`);
  const top = (column: Prisma.Sql, limit: number) =>
    figures(run, Prisma.sql`SELECT ${column} AS label, count(*)::int AS value ${denied} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`);
  return {
    total: total?.count ?? 0,
    byReason: await top(Prisma.sql`coalesce(nullif(concat_ws(': ', details->>'reason', details->>'permission'), ''), action)`, 20),
    topUsers: await top(Prisma.sql`coalesce(username, user_id)`, 10),
    topIps: await top(Prisma.sql`ip_address`, 10),
  };
}

async function emergencyAccess(run: SqlRunner, period: CompliancePeriod): Promise<ComplianceReport["emergencyAccess"]> {
  const [row] = await run<Row & ComplianceReport["emergencyAccess"]>(Prisma.sql`
    WITH grants AS (
      SELECT g.created_at, EXISTS (
        SELECT 1 FROM audit_logs review
        WHERE review.resource_type = 'emergency_access' AND review.resource_id = g.id::text
          AND review.action = 'emergency_access.reviewed') AS reviewed
      FROM emergency_access_grants g WHERE g.created_at >= ${period.start} AND g.created_at < ${period.end})
    SELECT count(*)::int AS granted,
      (count(*) FILTER (WHERE reviewed))::int AS reviewed,
      (count(*) FILTER (WHERE NOT reviewed))::int AS awaiting,
      (count(*) FILTER (WHERE NOT reviewed AND created_at < now() - make_interval(days => ${REVIEW_OVERDUE_DAYS})))::int AS overdue
    FROM grants`);
  return { granted: row?.granted ?? 0, reviewed: row?.reviewed ?? 0, awaiting: row?.awaiting ?? 0, overdue: row?.overdue ?? 0 };
}

async function alerts(run: SqlRunner, period: CompliancePeriod): Promise<ComplianceReport["alerts"]> {
  return run<Row & { rule: string; status: string; count: number }>(Prisma.sql`
    SELECT rule_key AS rule, status::text AS status, count(*)::int AS count FROM alerts
    WHERE first_seen_at >= ${period.start} AND first_seen_at < ${period.end}
    GROUP BY 1, 2 ORDER BY 1, 2`);
}

async function verifications(run: SqlRunner, period: CompliancePeriod): Promise<ComplianceReport["verifications"]> {
  const rows = await run<Row & { at: Date; ok: boolean }>(Prisma.sql`
    SELECT timestamp AS at, status = 'success' AS ok FROM audit_logs
    WHERE action = 'audit.verified' AND ${within(period)} ORDER BY timestamp DESC, id DESC`);
  const ok = rows.filter((row) => row.ok).length;
  return { runs: rows.length, ok, failed: rows.length - ok, last: rows[0] ? { at: rows[0].at, ok: rows[0].ok } : null };
}

/**
 * Runs of a job and the rows they handled: `details[countKey]` is a count, or counts per kind (retention's rows per
 * data class, rotation's per column), which are added up.
 */
async function runsOf(run: SqlRunner, period: CompliancePeriod, action: string, countKey: string): Promise<{ runs: number; total: number }> {
  const [row] = await run<Row & { runs: number; total: number }>(Prisma.sql`
    SELECT count(*)::int AS runs,
      coalesce(sum(CASE jsonb_typeof(details->${countKey})
        WHEN 'number' THEN (details->>${countKey})::numeric
        WHEN 'object' THEN (SELECT sum((entry.value #>> '{}')::numeric) FROM jsonb_each(details->${countKey}) AS entry WHERE jsonb_typeof(entry.value) = 'number')
      END), 0)::int AS total
    FROM audit_logs WHERE action = ${action} AND ${within(period)}`);
  return { runs: row?.runs ?? 0, total: row?.total ?? 0 };
}

/** The whole report, read in one transaction, audited as viewed (or exported) before it is returned (inAuditedRead). */
export async function complianceReport(ctx: AuthContext, period: CompliancePeriod, use: "viewed" | "exported"): Promise<ComplianceReport> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const retention = await runsOf(run, period, "retention.enforced", "deleted");
    const rotations = await runsOf(run, period, "encryption.keys_rotated", "rotated");
    const report: ComplianceReport = {
      period,
      accessByRoleAndCategory: await accessByRoleAndCategory(run, period),
      denials: await denials(run, period),
      emergencyAccess: await emergencyAccess(run, period),
      alerts: await alerts(run, period),
      verifications: await verifications(run, period),
      retentionRuns: { runs: retention.runs, deleted: retention.total },
      keyRotations: { runs: rotations.runs, rowsReencrypted: rotations.total },
    };
    await audit({
      action: use === "viewed" ? "audit.viewed" : "audit.exported",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "audit_log",
      details: { report: "compliance", from: period.from, to: period.to },
    });
    return report;
  });
}

