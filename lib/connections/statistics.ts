import "server-only";
import { cache } from "@/lib/cache";
import { LATENCY_BUCKETS_MS, latencyBucketOf } from "@/lib/connections/latency";
import { dbPool } from "@/lib/db/client";
import { logger } from "@/lib/logger";

// Request statistics per connection and hour (the specification's ConnectionStatistics). Each process adds up its
// requests in memory for at most a second, then adds them to Redis counters with INCRBY — atomic, so every process's
// counts add up exactly — and the worker moves the counts into connection_statistics once a minute
// (flushConnectionStatistics). Without a shared Redis (no REDIS_URL, or Redis down) the counts go to PostgreSQL
// directly instead. A command per request would make a burst of requests wait on Redis, and a command that times out
// under load may still have been applied, which a fallback would then count twice; one batch a second avoids both.

const HOUR_MS = 3_600_000;
/** Counters outlive any flush delay; a connection's hour is flushed long before. */
const COUNTER_TTL_SECONDS = 48 * 3600;
const INDEX_KEY = "connstats:index";
const FIELDS = ["total", "successful", "failed", "sumMs", ...LATENCY_BUCKETS_MS.map((_, i) => `b${i}`), `b${LATENCY_BUCKETS_MS.length}`] as const;

export interface RequestOutcome {
  success: boolean;
  elapsedMs: number;
}

export interface HourCounts {
  hour: Date;
  total: number;
  successful: number;
  failed: number;
  sumMs: number;
  buckets: number[];
}

const counterKey = (member: string, field: string) => `connstats:${member}:${field}`;
const memberOf = (connectionId: string, hour: Date) => `${hour.toISOString()}|${connectionId}`;

function hourOf(at: number): Date {
  return new Date(Math.floor(at / HOUR_MS) * HOUR_MS);
}

interface Queryable {
  query(text: string, values: unknown[]): Promise<unknown>;
}

/** Adds one hour's counts to connection_statistics and to the connection's running totals (a deleted connection: none). */
async function applyCounts(client: Queryable, connectionId: string, counts: HourCounts): Promise<void> {
  await client.query(
    `INSERT INTO connection_statistics AS s (connection_id, hour, total_requests, successful_requests, failed_requests, total_response_time_ms, latency_buckets, updated_at)
     SELECT $1::uuid, $2, $3, $4, $5, $6, $7::bigint[], now() WHERE EXISTS (SELECT 1 FROM emr_connections WHERE id = $1::uuid)
     ON CONFLICT (connection_id, hour) DO UPDATE SET
       total_requests = s.total_requests + EXCLUDED.total_requests,
       successful_requests = s.successful_requests + EXCLUDED.successful_requests,
       failed_requests = s.failed_requests + EXCLUDED.failed_requests,
       total_response_time_ms = s.total_response_time_ms + EXCLUDED.total_response_time_ms,
       latency_buckets = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(s.latency_buckets, EXCLUDED.latency_buckets) AS u(a, b)),
       updated_at = now()`,
    [connectionId, counts.hour, counts.total, counts.successful, counts.failed, counts.sumMs, counts.buckets],
  );
  await client.query(
    `UPDATE emr_connections SET
       avg_response_time_ms = (COALESCE(avg_response_time_ms, 0) * total_requests + $2) / NULLIF(total_requests + $3, 0),
       total_requests = total_requests + $3, successful_requests = successful_requests + $4, failed_requests = failed_requests + $5
     WHERE id = $1::uuid`,
    [connectionId, counts.sumMs, counts.total, counts.successful, counts.failed],
  );
}

async function addToDatabase(connectionId: string, counts: HourCounts): Promise<void> {
  const client = await dbPool().connect();
  try {
    await client.query("BEGIN");
    await applyCounts(client, connectionId, counts);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function countsOf(hour: Date, outcome: RequestOutcome): HourCounts {
  const elapsed = Math.max(0, Math.round(outcome.elapsedMs));
  const buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  buckets[latencyBucketOf(elapsed)] = 1;
  return { hour, total: 1, successful: outcome.success ? 1 : 0, failed: outcome.success ? 0 : 1, sumMs: elapsed, buckets };
}

const PUBLISH_DELAY_MS = 1000;
const local = new Map<string, { connectionId: string; counts: HourCounts }>();
let publishing: NodeJS.Timeout | null = null;

function add(into: HourCounts, counts: HourCounts): void {
  into.total += counts.total;
  into.successful += counts.successful;
  into.failed += counts.failed;
  into.sumMs += counts.sumMs;
  into.buckets = into.buckets.map((count, i) => count + (counts.buckets[i] ?? 0));
}

/** Counts one request of a connection (in this process; published within a second). Never fails the request. */
export async function recordConnectionRequest(connectionId: string, outcome: RequestOutcome): Promise<void> {
  const counts = countsOf(hourOf(Date.now()), outcome);
  const member = memberOf(connectionId, counts.hour);
  const held = local.get(member);
  if (held) add(held.counts, counts);
  else local.set(member, { connectionId, counts });
  publishing ??= setTimeout(() => void publishConnectionCounts(), PUBLISH_DELAY_MS).unref();
}

/** The Redis counters of one connection-hour and what each holds (the FIELDS, in their order). */
function counterFields(counts: HourCounts): [string, number][] {
  return [
    ["total", counts.total],
    ["successful", counts.successful],
    ["failed", counts.failed],
    ["sumMs", counts.sumMs],
    ...counts.buckets.map((count, i): [string, number] => [`b${i}`, count]),
  ];
}

async function publishToRedis(member: string, counts: HourCounts): Promise<boolean> {
  const counters = cache();
  if (counters.backend !== "redis") return false;
  const fields = counterFields(counts);
  // The total first: if Redis does not take it, nothing of this batch went to Redis and PostgreSQL takes it all.
  if ((await counters.increment(counterKey(member, "total"), counts.total, COUNTER_TTL_SECONDS)) === null) return false;
  await Promise.all([
    ...fields.filter(([field, count]) => field !== "total" && count > 0).map(([field, count]) => counters.increment(counterKey(member, field), count, COUNTER_TTL_SECONDS)),
    counters.sadd(INDEX_KEY, member),
  ]);
  return true;
}

/** Adds this process's held counts to Redis (or PostgreSQL); a shutting-down process calls it last. */
export async function publishConnectionCounts(): Promise<void> {
  if (publishing) clearTimeout(publishing);
  publishing = null;
  const batch = [...local];
  local.clear();
  for (const [member, { connectionId, counts }] of batch) {
    try {
      if (!(await publishToRedis(member, counts))) await addToDatabase(connectionId, counts);
    } catch (error) {
      logger.warn({ err: error, connectionId }, "connection requests not counted");
    }
  }
}

async function readCounts(member: string): Promise<HourCounts | null> {
  const counters = cache();
  const values = await Promise.all(FIELDS.map((field) => counters.get<number>(counterKey(member, field))));
  const byField = new Map(FIELDS.map((field, i) => [field, Number(values[i] ?? 0)]));
  const hour = new Date(member.slice(0, member.indexOf("|")));
  const counts: HourCounts = {
    hour,
    total: byField.get("total") ?? 0,
    successful: byField.get("successful") ?? 0,
    failed: byField.get("failed") ?? 0,
    sumMs: byField.get("sumMs") ?? 0,
    buckets: FIELDS.filter((field) => field.startsWith("b")).map((field) => byField.get(field) ?? 0),
  };
  return counts.total > 0 ? counts : null;
}

export interface PendingStatistics {
  total: number;
  failed: number;
  hours: HourCounts[];
}

/** What Redis holds that the worker has not moved into PostgreSQL yet, per connection (live figures for pages). */
export async function pendingConnectionStatistics(): Promise<Map<string, PendingStatistics>> {
  await publishConnectionCounts();
  const pending = new Map<string, PendingStatistics>();
  const counters = cache();
  if (counters.backend !== "redis") return pending;
  try {
    for (const member of await counters.smembers(INDEX_KEY)) {
      const counts = await readCounts(member);
      if (!counts) continue;
      const connectionId = member.slice(member.indexOf("|") + 1);
      const entry = pending.get(connectionId) ?? { total: 0, failed: 0, hours: [] };
      entry.total += counts.total;
      entry.failed += counts.failed;
      entry.hours.push(counts);
      pending.set(connectionId, entry);
    }
  } catch (error) {
    logger.warn({ err: error }, "pending connection statistics unavailable");
  }
  return pending;
}

/**
 * Moves the counted requests into PostgreSQL, once. One flusher at a time (a transaction-level advisory lock, so two
 * workers never add the same counts); inside its transaction it reads each counter, adds the counts to PostgreSQL,
 * then takes exactly those counts off the Redis counters (DECRBY, so requests counted meanwhile stay) and commits.
 * A crash after the DECRBY and before the COMMIT loses that minute's counts; none is ever counted twice.
 */
export async function flushConnectionStatistics(): Promise<number> {
  await publishConnectionCounts();
  const counters = cache();
  if (counters.backend !== "redis") return 0;
  const client = await dbPool().connect();
  let flushed = 0;
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('meridian:connection-statistics-flush')) AS locked");
    if (!rows[0]?.locked) {
      await client.query("ROLLBACK");
      return 0;
    }
    const members = await counters.smembers(INDEX_KEY);
    const taken: [string, HourCounts][] = [];
    for (const member of members) {
      const counts = await readCounts(member);
      const connectionId = member.slice(member.indexOf("|") + 1);
      if (!counts) {
        if (hourOf(Date.now()).getTime() - new Date(member.slice(0, member.indexOf("|"))).getTime() >= HOUR_MS) await counters.srem(INDEX_KEY, member);
        continue;
      }
      await client.query("SAVEPOINT flush_member");
      try {
        await applyCounts(client, connectionId, counts);
        await client.query("RELEASE SAVEPOINT flush_member");
        taken.push([member, counts]);
      } catch (error) {
        await client.query("ROLLBACK TO SAVEPOINT flush_member");
        logger.warn({ err: error, connectionId }, "connection statistics not flushed");
      }
    }
    for (const [member, counts] of taken) {
      for (const [field, count] of counterFields(counts)) {
        if (count > 0 && (await counters.decrement(counterKey(member, field), count)) === null) throw new Error("Redis became unavailable during the flush");
      }
      flushed += counts.total;
    }
    await client.query("COMMIT");
    return flushed;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

