import "server-only";
import type { RuleSetting } from "@/lib/alerts/rule-settings";
import { LINKED_EVENTS_KEPT } from "@/lib/alerts/queries";
import { writeAuditWith } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Turning a batch's detections into alerts: a new alert per rule and subject, or, while one is unresolved, its
// count and last sighting raised and the new events linked (the unique (rule_key, open_key) index decides which,
// under concurrency too). Each alert raised or counted again writes an `alert.raised` audit row.

export interface RaisedAlert {
  id: string;
  ruleKey: string;
  count: number;
  /** True for a new alert, false for one seen again. */
  raised: boolean;
}

export async function raiseAlerts(run: SqlRunner, ctx: AuthContext, rules: readonly RuleSetting[]): Promise<RaisedAlert[]> {
  const keys = rules.map((rule) => rule.key);
  const severities = rules.map((rule) => rule.severity);
  const rows = await run<{ id: string; rule_key: string; subject_key: string; count: number; raised: boolean }>(Prisma.sql`
    WITH d AS (SELECT DISTINCT ON (rule_key, subject_key) * FROM detections ORDER BY rule_key, subject_key, seen_at DESC)
    INSERT INTO alerts (rule_key, severity, subject_key, open_key, user_id, username, patient_id, api_key_id, connection_id, ip_address,
                        title, summary, details, count, event_count, first_seen_at, last_seen_at)
    SELECT d.rule_key, s.severity::"AlertSeverity", d.subject_key, d.subject_key, left(d.user_id, 64), left(d.username, 255), d.patient_id,
           left(d.api_key_id, 64), d.connection_id, left(d.ip_address, 64), left(d.title, 200), left(d.summary, 1000), d.details, 1, 0, d.seen_at, d.seen_at
    FROM d JOIN unnest(${keys}::text[], ${severities}::text[]) AS s(rule_key, severity) USING (rule_key)
    ON CONFLICT (rule_key, open_key) DO UPDATE SET
      count = alerts.count + 1,
      last_seen_at = GREATEST(alerts.last_seen_at, EXCLUDED.last_seen_at),
      title = EXCLUDED.title,
      summary = EXCLUDED.summary,
      details = EXCLUDED.details,
      updated_at = now()
    RETURNING id::text, rule_key, subject_key, count, (xmax = 0) AS raised`);
  if (rows.length === 0) return [];
  // The events linked now are counted; a window's events already linked by an earlier detection are not again.
  await run(Prisma.sql`
    WITH linked AS (
      INSERT INTO alert_events (alert_id, audit_log_id)
      SELECT a.id, e.audit_log_id FROM detections d
      JOIN alerts a ON a.rule_key = d.rule_key AND a.open_key = d.subject_key
      CROSS JOIN LATERAL unnest(d.event_ids) AS e(audit_log_id)
      ON CONFLICT DO NOTHING
      RETURNING alert_id
    )
    UPDATE alerts a SET event_count = a.event_count + n.linked FROM (SELECT alert_id, count(*) AS linked FROM linked GROUP BY alert_id) AS n WHERE a.id = n.alert_id`);
  await run(Prisma.sql`
    DELETE FROM alert_events e
    USING (
      SELECT alert_id, audit_log_id, row_number() OVER (PARTITION BY alert_id ORDER BY audit_log_id DESC) AS newest
      FROM alert_events WHERE alert_id = ANY(${rows.map((row) => row.id)}::uuid[])
    ) AS ranked
    WHERE e.alert_id = ranked.alert_id AND e.audit_log_id = ranked.audit_log_id AND ranked.newest > ${LINKED_EVENTS_KEPT}`);
  for (const row of rows) {
    await writeAuditWith(run, {
      action: "alert.raised",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: row.raised ? 201 : 200,
      resourceType: "alert",
      resourceId: row.id,
      details: { rule: row.rule_key, subject: row.subject_key, count: row.count, repeated: !row.raised },
    });
  }
  return rows.map((row) => ({ id: row.id, ruleKey: row.rule_key, count: row.count, raised: row.raised }));
}
