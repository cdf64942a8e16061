import "server-only";
import { dbPool } from "@/lib/db/client";
import { recordCounts } from "@/lib/stats/queries";

// Record counts sampled by the worker every hour, so the dashboard can show growth over a day and a week.

const SAMPLE_EVERY_MS = 3_600_000;

/** Takes a sample unless one was taken within the hour (several workers, or a restart, add no duplicate). */
export async function sampleSystemStatistics(now = new Date()): Promise<boolean> {
  const { rows } = await dbPool().query<{ taken_at: Date }>("SELECT max(taken_at) AS taken_at FROM system_statistics_samples");
  const last = rows[0]?.taken_at;
  if (last && now.getTime() - last.getTime() < SAMPLE_EVERY_MS - 60_000) return false;
  const counts = await recordCounts();
  const inserted = await dbPool().query(
    `INSERT INTO system_statistics_samples (taken_at, patients, observations, medications, allergies, hl7_messages, audit_events)
     VALUES (date_trunc('second', $1::timestamptz), $2, $3, $4, $5, $6, $7) ON CONFLICT (taken_at) DO NOTHING`,
    [now, counts.patients, counts.observations, counts.medications, counts.allergies, counts.hl7Messages, counts.auditEvents],
  );
  return (inserted.rowCount ?? 0) > 0;
}
