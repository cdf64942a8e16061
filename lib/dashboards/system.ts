import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { Actor } from "@/lib/audit/context";
import { withReadPool } from "@/lib/db/read-routing";
import { recordCounts } from "@/lib/stats/queries";

// The specification's SystemStatistics with growth: today's counts against the worker's samples of a day and a
// week ago (exact below 100,000 rows, the planner's estimate above: see lib/stats/queries.ts).

const KEYS = ["patients", "observations", "medications", "allergies", "hl7Messages", "auditEvents"] as const;
export type SystemCountKey = (typeof KEYS)[number];

export interface SystemPanel {
  takenAt: Date;
  counts: Record<SystemCountKey, number>;
  dayAgo: Record<SystemCountKey, number> | null;
  weekAgo: Record<SystemCountKey, number> | null;
}

/** The worker's sample from before `interval` ago: a day-old figure may come from a read replica. */
async function sampleBefore(actor: Actor, interval: string): Promise<Record<SystemCountKey, number> | null> {
  const { rows } = await withReadPool(actor, (pool) =>
    pool.query<Record<string, string>>(
      `SELECT patients, observations, medications, allergies, hl7_messages, audit_events FROM system_statistics_samples
       WHERE taken_at <= now() - $1::interval ORDER BY taken_at DESC LIMIT 1`,
      [interval],
    ),
  );
  const row = rows[0];
  if (!row) return null;
  return {
    patients: Number(row.patients),
    observations: Number(row.observations),
    medications: Number(row.medications),
    allergies: Number(row.allergies),
    hl7Messages: Number(row.hl7_messages),
    auditEvents: Number(row.audit_events),
  };
}

export async function systemPanel(ctx: AuthContext): Promise<SystemPanel> {
  await assertCan(ctx, "dashboards:read");
  const [counts, dayAgo, weekAgo] = await Promise.all([recordCounts(), sampleBefore(ctx.actor, "1 day"), sampleBefore(ctx.actor, "7 days")]);
  return {
    takenAt: new Date(),
    counts: Object.fromEntries(KEYS.map((key) => [key, counts[key]])) as Record<SystemCountKey, number>,
    dayAgo,
    weekAgo,
  };
}
