import "server-only";
import { recordAudit, type AuditEntry } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

// A clinician's recently opened charts, for the home page. The audit trail already records every chart a user
// opened (`patient.viewed`, indexed by user and time), so the list is read from it rather than kept twice.

/** One chart the caller opened: enough to recognise the patient and go back (what patient search also shows). */
export interface RecentChart {
  patientId: string;
  mrn: string;
  firstName: string;
  lastName: string;
  /** "YYYY-MM-DD" */
  birthDate: string;
  restricted: boolean;
  lastViewedAt: Date;
}

/** How far back "recently" reaches: it bounds the index range read, however long the user's history. */
export const RECENT_CHARTS_DAYS = 30;
/** The newest chart views considered; a user who reopened one chart all day still sees the ones before it. */
const VIEWS_SCANNED = 200;
export const RECENT_CHARTS_LIMIT = 10;

interface RecentChartRow extends RecentChart {
  [column: string]: unknown;
}

/**
 * The caller's newest `patient.viewed` rows within RECENT_CHARTS_DAYS, read backwards along audit_logs
 * (user_id, timestamp), then one row per patient, most recently viewed first. Patients deleted since are left out.
 */
export function recentChartsStatement(userId: string): Prisma.Sql {
  return Prisma.sql`
    WITH views AS (
      SELECT patient_id, timestamp FROM audit_logs
      WHERE user_id = ${userId} AND timestamp > now() - make_interval(days => ${RECENT_CHARTS_DAYS})
        AND action = 'patient.viewed' AND status = 'success' AND patient_id IS NOT NULL
      ORDER BY timestamp DESC
      LIMIT ${VIEWS_SCANNED}
    ), latest AS (
      SELECT patient_id, max(timestamp) AS last_viewed_at FROM views GROUP BY patient_id
    )
    SELECT p.id AS "patientId", p.mrn, p.first_name AS "firstName", p.last_name AS "lastName",
      to_char(p.birth_date, 'YYYY-MM-DD') AS "birthDate", p.restricted, latest.last_viewed_at AS "lastViewedAt"
    FROM latest JOIN patients p ON p.id = latest.patient_id
    ORDER BY latest.last_viewed_at DESC, p.id
    LIMIT ${RECENT_CHARTS_LIMIT}`;
}

/**
 * Listing them shows patient names, so it is a read of patient data and audited like a search: one
 * `patient.listed` row (demographics) with the ids listed, committed before the list is returned.
 */
function listedEntry(ctx: AuthContext, charts: readonly RecentChart[]): AuditEntry {
  return {
    action: "patient.listed",
    actor: ctx.actor,
    request: ctx.request,
    outcome: "success",
    statusCode: 200,
    resourceType: "patient",
    dataCategory: "demographics",
    details: { list: "recently_viewed", results: charts.length, resultIds: charts.map((chart) => chart.patientId) },
  };
}

/** The charts the caller opened most recently (patients:read), newest first, at most RECENT_CHARTS_LIMIT. */
export async function recentCharts(ctx: AuthContext): Promise<RecentChart[]> {
  await assertCan(ctx, "patients:read");
  const statement = recentChartsStatement(ctx.actor.id);
  const { rows: charts } = await dbPool().query<RecentChartRow>(statement.text, statement.values);
  await recordAudit(listedEntry(ctx, charts));
  return charts;
}
