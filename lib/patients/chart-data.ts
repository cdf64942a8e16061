import "server-only";
import type { Tx } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { observationResponseSelect, toObservationResponse } from "@/lib/observations/dto";
import type { ObservationResponse } from "@/lib/observations/schema";
import type { ObservationCounts } from "@/lib/patients/schema";

// What the chart's first screen needs of a patient's observations, bounded whatever the number of results: a busy
// result feed (vitals every few minutes) must not grow the cached chart or push older tests' latest values out.

/** Results per code kept for the chart's trends. */
export const CHART_POINTS_PER_CODE = 24;
/** Results in the chart at most; the observations tab pages through all of them from PostgreSQL. */
export const CHART_OBSERVATION_LIMIT = 200;

/**
 * The ids of the chart's results: the newest valid result of every code first, then the next newest of each code in
 * turn, up to CHART_POINTS_PER_CODE per code and CHART_OBSERVATION_LIMIT in all. The patient's distinct codes come
 * from a loose index scan (one index probe per code) and each code's results from the (patient, code, date) index,
 * so the cost follows the number of codes, not of results.
 */
export function chartObservationIdsStatement(patientId: string): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE codes AS (
      (SELECT code FROM observations WHERE patient_id = ${patientId}::uuid ORDER BY code LIMIT 1)
      UNION ALL
      SELECT (SELECT o.code FROM observations o WHERE o.patient_id = ${patientId}::uuid AND o.code > codes.code ORDER BY o.code LIMIT 1)
      FROM codes
      WHERE codes.code IS NOT NULL
    )
    SELECT recent.id::text AS id
    FROM codes
    CROSS JOIN LATERAL (
      SELECT o.id, o.effective_datetime, row_number() OVER (ORDER BY o.effective_datetime DESC, o.id) AS rank
      FROM observations o
      WHERE o.patient_id = ${patientId}::uuid AND o.code = codes.code AND o.status NOT IN ('cancelled', 'entered_in_error')
      ORDER BY o.effective_datetime DESC, o.id
      LIMIT ${CHART_POINTS_PER_CODE}
    ) recent
    WHERE codes.code IS NOT NULL
    ORDER BY recent.rank, recent.effective_datetime DESC, recent.id
    LIMIT ${CHART_OBSERVATION_LIMIT}`;
}

/** The chart's results (chartObservationIdsStatement), in its order. */
export async function loadChartObservations(tx: Tx, patientId: string): Promise<ObservationResponse[]> {
  const ids = (await tx.$queryRaw<{ id: string }[]>(chartObservationIdsStatement(patientId))).map((row) => row.id);
  const rows = await tx.observation.findMany({ where: { id: { in: ids } }, select: observationResponseSelect });
  const byId = new Map(rows.map((row) => [row.id, toObservationResponse(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** How many results the patient has, in all and per source EMR (for the tab's count and the Sources tab). */
export async function loadObservationCounts(tx: Tx, patientId: string): Promise<ObservationCounts> {
  const groups = await tx.observation.groupBy({ by: ["sourceEmr"], where: { patientId }, _count: { _all: true }, orderBy: { sourceEmr: "asc" } });
  const bySource = groups.map((group) => ({ sourceEmr: group.sourceEmr, count: group._count._all }));
  return { total: bySource.reduce((sum, group) => sum + group.count, 0), bySource };
}
