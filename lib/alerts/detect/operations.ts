import "server-only";
import { detector, insertDetections, windowOf } from "@/lib/alerts/detect/detector";
import { Prisma } from "@/lib/generated/prisma/client";

// Integrity and operations: a failed audit-chain verification, an EMR connection failing every test for too long,
// and an HL7 sender whose share of refused or erroneous messages crosses a threshold.

export const chainFailed = detector("integrity.chain_failed", () =>
  insertDetections(
    "integrity.chain_failed",
    Prisma.sql`
      SELECT 'audit_chain' AS subject_key, NULL AS user_id, max(username) AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, NULL AS ip_address,
             'Audit chain verification failed' AS title,
             'The hash chain is broken at audit event ' || COALESCE((array_agg(details->>'brokenAtId' ORDER BY id DESC))[1], 'unknown')
               || ': ' || COALESCE((array_agg(details->>'reason' ORDER BY id DESC))[1], 'no reason recorded') AS summary,
             jsonb_build_object('brokenAtId', (array_agg(details->>'brokenAtId' ORDER BY id DESC))[1], 'failedVerifications', count(*)) AS details,
             max(timestamp) AS seen_at, (array_agg(id ORDER BY id DESC))[1:100] AS event_ids
      FROM batch WHERE action = 'audit.verified' AND status = 'failure'
      HAVING count(*) > 0`,
  ),
);

/**
 * A connection whose failed test is in the batch, still active, whose tests since its last success (connection_tests
 * keeps the last 20) are at least the threshold in number and span at least the threshold in minutes.
 */
export const connectionDown = detector("ops.connection_down", ({ minutes, consecutiveFailures }) =>
  insertDetections(
    "ops.connection_down",
    Prisma.sql`
      WITH failed AS (
        SELECT resource_id::uuid AS connection_id, max(timestamp) AS seen_at, (array_agg(id ORDER BY id DESC))[1:100] AS event_ids
        FROM batch
        WHERE action = 'connection.tested' AND status = 'failure' AND resource_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        GROUP BY 1
      ),
      streaks AS (
        SELECT f.*, c.connection_id AS connection_name, streak.failures, streak.since, streak.last_message
        FROM failed f
        JOIN emr_connections c ON c.id = f.connection_id AND c.is_active
        CROSS JOIN LATERAL (
          SELECT count(*) AS failures, min(t.tested_at) AS since, (array_agg(t.message ORDER BY t.tested_at DESC))[1] AS last_message
          FROM connection_tests t
          WHERE t.connection_id = f.connection_id
            AND t.tested_at > COALESCE((SELECT max(ok.tested_at) FROM connection_tests ok WHERE ok.connection_id = f.connection_id AND ok.success), '-infinity')
        ) AS streak
      )
      SELECT 'connection:' || connection_id AS subject_key, NULL AS user_id, NULL AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             connection_id, NULL AS ip_address,
             'Connection ' || connection_name || ' is down' AS title,
             failures || ' failed tests in a row since ' || to_char(since AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC; last: ' || left(COALESCE(last_message, ''), 300) AS summary,
             jsonb_build_object('failures', failures, 'since', since, 'minutes', ${minutes}::int, 'consecutiveFailures', ${consecutiveFailures}::int) AS details,
             seen_at, event_ids
      FROM streaks
      WHERE failures >= ${consecutiveFailures}::int AND since <= seen_at - ${windowOf(minutes)}`,
  ),
);

/** A message's sender: the API key or MLLP listener that delivered it. */
const SENDER = Prisma.raw("COALESCE(user_id, username, 'unknown')");

/**
 * Only senders with a failure in the batch are measured: a rate cannot newly cross the threshold without one, and
 * the window is then read through the sender's (user_id, timestamp) index rather than the whole feed.
 */
export const hl7ErrorRate = detector("ops.hl7_error_rate", ({ windowMinutes, maxErrorRate, minimumMessages }) =>
  insertDetections(
    "ops.hl7_error_rate",
    Prisma.sql`
      WITH senders AS (
        SELECT ${SENDER} AS sender, max(user_id) AS user_id, max(username) AS username, max(timestamp) AS seen_at
        FROM batch WHERE action = 'hl7.received' AND status = 'failure' GROUP BY 1
      ),
      measured AS (
        SELECT s.*, w.messages, w.failed, w.event_ids
        FROM senders s
        CROSS JOIN LATERAL (
          SELECT count(DISTINCT a.resource_id) AS messages, count(DISTINCT a.resource_id) FILTER (WHERE a.status = 'failure') AS failed,
                 ((array_agg(a.id ORDER BY a.id DESC) FILTER (WHERE a.status = 'failure'))[1:100]) AS event_ids
          FROM audit_logs a
          WHERE a.user_id IS NOT DISTINCT FROM s.user_id AND a.timestamp > s.seen_at - ${windowOf(windowMinutes)} AND a.timestamp <= s.seen_at
            AND a.action = 'hl7.received' AND ${Prisma.raw("COALESCE(a.user_id, a.username, 'unknown')")} = s.sender
        ) AS w
      )
      SELECT 'hl7_sender:' || sender AS subject_key, user_id, username, NULL::uuid AS patient_id, NULL AS api_key_id, NULL::uuid AS connection_id, NULL AS ip_address,
             'HL7 errors from ' || COALESCE(username, sender) || ': ' || round(100.0 * failed / messages) || '%' AS title,
             failed || ' of ' || messages || ' messages refused or in error within ' || ${windowMinutes}::int || ' minutes' AS summary,
             jsonb_build_object('messages', messages, 'failed', failed, 'errorRate', round(failed::numeric / messages, 3), 'maxErrorRate', ${maxErrorRate}::float8, 'windowMinutes', ${windowMinutes}::int) AS details,
             seen_at, event_ids
      FROM measured
      WHERE messages >= ${minimumMessages}::int AND failed::float8 / messages > ${maxErrorRate}::float8`,
  ),
);
