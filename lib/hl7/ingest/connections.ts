import { dbPool } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import type { Sender } from "@/lib/hl7/ingest/sender";

// An inbound message belongs to the EMR connection whose configuration names its sending application (and
// facility, when the connection names one): `config.hl7 = { sendingApplication, sendingFacility }`. Unknown senders
// are accepted and stay unattributed.

interface ConnectionSender {
  id: string;
  application: string;
  facility: string;
}

const REFRESH_MS = 10_000;
let known: { at: number; senders: Promise<ConnectionSender[]> } | null = null;

async function loadSenders(): Promise<ConnectionSender[]> {
  const result = await dbPool().query<ConnectionSender>(`
    SELECT id, config->'hl7'->>'sendingApplication' AS application, COALESCE(config->'hl7'->>'sendingFacility', '') AS facility
    FROM emr_connections WHERE is_active AND COALESCE(config->'hl7'->>'sendingApplication', '') <> ''`);
  return result.rows;
}

/** The connection a sender's messages are counted on, or null. Connections are re-read every few seconds. */
export async function connectionOf(sender: Sender): Promise<string | null> {
  if (!known || Date.now() - known.at > REFRESH_MS) {
    const senders = loadSenders();
    known = { at: Date.now(), senders };
    senders.catch(() => {
      known = null;
    });
  }
  const senders = await known.senders;
  const match =
    senders.find((entry) => entry.application === sender.application && entry.facility === sender.facility) ??
    senders.find((entry) => entry.application === sender.application && entry.facility === "");
  return match?.id ?? null;
}

const pending = new Map<string, { total: number; failed: number; elapsedMs: number }>();
let flushing: NodeJS.Timeout | null = null;

async function flushCounts(): Promise<void> {
  flushing = null;
  const counts = [...pending];
  pending.clear();
  for (const [id, count] of counts) {
    await dbPool()
      .query(
        `UPDATE emr_connections SET total_requests = total_requests + $2::bigint,
           successful_requests = successful_requests + $2::bigint - $3::bigint, failed_requests = failed_requests + $3::bigint,
           avg_response_time_ms = COALESCE((avg_response_time_ms * total_requests + $4::float8) / (total_requests + $2::bigint), $4::float8 / $2::bigint),
           updated_at = now()
         WHERE id = $1::uuid`,
        [id, count.total, count.failed, count.elapsedMs],
      )
      .catch((error: unknown) => logger.warn({ err: error, connectionId: id }, "connection statistics not updated"));
  }
}

/**
 * Counts a message on its connection's request statistics. The counts are added once a second rather than per
 * message: one row per connection, updated inside every message's transaction, would make concurrent senders of
 * one connection wait for each other's commits.
 */
export function countOnConnection(connectionId: string, failed: boolean, elapsedMs: number): void {
  const count = pending.get(connectionId) ?? { total: 0, failed: 0, elapsedMs: 0 };
  count.total += 1;
  count.failed += failed ? 1 : 0;
  count.elapsedMs += elapsedMs;
  pending.set(connectionId, count);
  flushing ??= setTimeout(() => void flushCounts(), 1000).unref();
}

/** Writes the counts still held (a listener shutting down calls this). */
export async function flushConnectionCounts(): Promise<void> {
  if (flushing) clearTimeout(flushing);
  await flushCounts();
}
