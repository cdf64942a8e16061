import type { CacheStats } from "@/lib/cache/cache-manager";
import type { PoolStats } from "@/lib/db/pool";

/** The kinds of Meridian process that publish their own figures. */
export type InstanceKind = "web" | "mllp" | "worker";

/**
 * What one process publishes about itself every few seconds (to Redis, under its instance id, with a TTL), so that
 * the dashboards can show every instance behind a load balancer and their sum.
 */
export interface InstanceSample {
  instanceId: string;
  kind: InstanceKind;
  hostname: string;
  pid: number;
  startedAt: string;
  sampledAt: string;
  pool: PoolStats;
  /** Round trip of `SELECT 1` through this process's pool, ms; null when the database did not answer. */
  databaseLatencyMs: number | null;
  /** This process's cache counters since it started (hits, misses, fallbacks = fall-throughs while Redis was down). */
  cache: CacheStats;
}
