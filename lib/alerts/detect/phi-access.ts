import "server-only";
import { detector, insertDetections, windowOf } from "@/lib/alerts/detect/detector";
import { Prisma } from "@/lib/generated/prisma/client";

// Unusual access to patient data: far more distinct charts than the user's own baseline or a ceiling, reads outside
// working hours, and searches that page through large parts of the patient list. Only people are judged here: an
// API key's integration reads around the clock by design (its rows name a key, not a user).

/** Rows of the batch by signed-in users (the users table is small; API keys, the CLI and the worker fall out). */
const BY_PEOPLE = Prisma.raw("JOIN users u ON u.id::text = b.user_id");

export const distinctCharts = detector("phi.distinct_charts", ({ windowMinutes, ceiling, baselineDays, baselineMultiple, minimumCharts }) =>
  insertDetections(
    "phi.distinct_charts",
    Prisma.sql`
      WITH viewers AS (
        SELECT b.user_id, max(b.username) AS username, max(b.timestamp) AS seen_at, (array_agg(b.id ORDER BY b.id DESC))[1:100] AS event_ids
        FROM batch b ${BY_PEOPLE}
        WHERE b.action = 'patient.viewed' AND b.status = 'success' AND b.patient_id IS NOT NULL
        GROUP BY b.user_id
      ),
      measured AS (
        SELECT v.*, charts.n AS charts, baseline.per_day
        FROM viewers v
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT a.patient_id) AS n FROM audit_logs a
          WHERE a.user_id = v.user_id AND a.timestamp > v.seen_at - ${windowOf(windowMinutes)} AND a.timestamp <= v.seen_at
            AND a.action = 'patient.viewed' AND a.status = 'success'
        ) AS charts
        CROSS JOIN LATERAL (
          SELECT count(*)::float8 / NULLIF(count(DISTINCT c.day), 0) AS per_day FROM user_chart_days c
          WHERE c.user_id = v.user_id AND c.day >= (v.seen_at AT TIME ZONE 'UTC')::date - ${baselineDays}::int AND c.day < (v.seen_at AT TIME ZONE 'UTC')::date
        ) AS baseline
      )
      SELECT 'user:' || user_id AS subject_key, user_id, username, NULL::uuid AS patient_id, NULL AS api_key_id, NULL::uuid AS connection_id, NULL AS ip_address,
             COALESCE(username, user_id) || ' opened ' || charts || ' charts in ' || ${windowMinutes}::int || ' minutes' AS title,
             charts || ' distinct charts within ' || ${windowMinutes}::int || ' minutes; ceiling ' || ${ceiling}::int
               || COALESCE('; usual ' || round(per_day::numeric, 1) || ' a day', '; no baseline yet') AS summary,
             jsonb_build_object('charts', charts, 'ceiling', ${ceiling}::int, 'baselinePerDay', round(per_day::numeric, 1), 'baselineMultiple', ${baselineMultiple}::float8, 'windowMinutes', ${windowMinutes}::int) AS details,
             seen_at, event_ids
      FROM measured
      WHERE charts > ${ceiling}::int OR (per_day IS NOT NULL AND charts >= ${minimumCharts}::int AND charts > ${baselineMultiple}::float8 * per_day)`,
  ),
);

/** The distinct charts each user opened per day (UTC), the baseline above; kept 90 days by the retention policy (RETENTION_USER_CHART_DAYS). */
export const LEARN_CHART_DAYS = Prisma.sql`
  INSERT INTO user_chart_days (user_id, day, patient_id)
  SELECT DISTINCT b.user_id, (b.timestamp AT TIME ZONE 'UTC')::date, b.patient_id
  FROM batch b ${BY_PEOPLE}
  WHERE b.action = 'patient.viewed' AND b.status = 'success' AND b.patient_id IS NOT NULL
  ON CONFLICT DO NOTHING`;

export const afterHours = detector("phi.after_hours", ({ start, end, days, timeZone }) =>
  insertDetections(
    "phi.after_hours",
    Prisma.sql`
      WITH reads AS (
        SELECT b.id, b.user_id, b.username, b.patient_id, b.timestamp, b.timestamp AT TIME ZONE ${timeZone}::text AS local_time
        FROM batch b ${BY_PEOPLE}
        WHERE b.event_type = 'data_access' AND b.status = 'success' AND b.patient_id IS NOT NULL
      )
      SELECT 'user:' || user_id AS subject_key, user_id, max(username) AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, NULL AS ip_address,
             COALESCE(max(username), user_id) || ' read patient data outside working hours' AS title,
             count(*) || ' read(s) of patient data between ' || to_char(min(local_time), 'Dy YYYY-MM-DD HH24:MI') || ' and '
               || to_char(max(local_time), 'Dy YYYY-MM-DD HH24:MI') || ' (' || ${timeZone}::text || '); working hours ' || ${start}::text || '–' || ${end}::text AS summary,
             jsonb_build_object('reads', count(*), 'patients', count(DISTINCT patient_id), 'start', ${start}::text, 'end', ${end}::text, 'days', ${days}::int[], 'timeZone', ${timeZone}::text) AS details,
             max(timestamp) AS seen_at, (array_agg(id ORDER BY id DESC))[1:100] AS event_ids
      FROM reads
      WHERE NOT (extract(isodow FROM local_time)::int = ANY(${days}::int[]) AND local_time::time >= ${start}::time AND local_time::time < ${end}::time)
      GROUP BY user_id`,
  ),
);

/** What a search's audit row says (lib/patients/queries.ts searchAuditEntry): patients listed, and the page. */
const LISTED = Prisma.raw("CASE WHEN jsonb_typeof(a.details->'results') = 'number' THEN (a.details->>'results')::numeric END");
const PAGE = Prisma.raw("CASE WHEN jsonb_typeof(a.details->'criteria'->'page') = 'number' THEN (a.details->'criteria'->>'page')::numeric END");

export const searchPaging = detector("phi.search_paging", ({ windowMinutes, maxPage, rowsListed }) =>
  insertDetections(
    "phi.search_paging",
    Prisma.sql`
      WITH searchers AS (
        SELECT b.user_id, max(b.username) AS username, max(b.timestamp) AS seen_at
        FROM batch b ${BY_PEOPLE}
        WHERE b.action = 'patient.searched' AND b.status = 'success'
        GROUP BY b.user_id
      ),
      measured AS (
        SELECT s.*, w.searches, w.listed, w.deepest, w.event_ids
        FROM searchers s
        CROSS JOIN LATERAL (
          SELECT count(*) AS searches, COALESCE(sum(${LISTED}), 0) AS listed, max(${PAGE}) AS deepest,
                 (array_agg(a.id ORDER BY a.id DESC))[1:100] AS event_ids
          FROM audit_logs a
          WHERE a.user_id = s.user_id AND a.timestamp > s.seen_at - ${windowOf(windowMinutes)} AND a.timestamp <= s.seen_at
            AND a.action = 'patient.searched' AND a.status = 'success'
        ) AS w
      )
      SELECT 'user:' || user_id AS subject_key, user_id, username, NULL::uuid AS patient_id, NULL AS api_key_id, NULL::uuid AS connection_id, NULL AS ip_address,
             COALESCE(username, user_id) || ' paged through the patient list' AS title,
             searches || ' searches within ' || ${windowMinutes}::int || ' minutes listed ' || listed || ' patients, up to page ' || COALESCE(deepest, 1) AS summary,
             jsonb_build_object('searches', searches, 'listed', listed, 'deepestPage', deepest, 'maxPage', ${maxPage}::int, 'rowsListed', ${rowsListed}::int, 'windowMinutes', ${windowMinutes}::int) AS details,
             seen_at, event_ids
      FROM measured
      WHERE deepest > ${maxPage}::int OR listed >= ${rowsListed}::int`,
  ),
);
