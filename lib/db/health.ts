import "server-only";
import { dbPool } from "@/lib/db/client";
import type { InstrumentedPool, PoolStats } from "@/lib/db/pool";

export type DatabaseHealth =
  | { status: "up"; latencyMs: number; serverVersion: string; pool: PoolStats }
  | { status: "down"; error: string; pool: PoolStats | null };

/** One round trip through the pool (the process's own by default): latency, server version and its counters. */
export async function databaseHealth(poolOf: () => InstrumentedPool = dbPool): Promise<DatabaseHealth> {
  let pool: InstrumentedPool | undefined;
  const started = performance.now();
  try {
    // Inside the try: a missing or malformed DATABASE_URL is a "down" database, not a 500.
    pool = poolOf();
    const result = await pool.query<{ server_version: string }>("SHOW server_version");
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    return { status: "up", latencyMs, serverVersion: result.rows[0]?.server_version ?? "unknown", pool: pool.stats() };
  } catch (error) {
    const message = error instanceof Error ? error.message : "unknown error";
    return { status: "down", error: message, pool: pool?.stats() ?? null };
  }
}
