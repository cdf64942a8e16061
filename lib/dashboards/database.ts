import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool, dbReplicas } from "@/lib/db/client";
import { databaseHealth } from "@/lib/db/health";
import type { PoolStats } from "@/lib/db/pool";
import type { ReplicaPanelRow } from "@/lib/db/replicas";
import { instanceHistory, listInstances } from "@/lib/metrics/readers";
import type { InstanceSample } from "@/lib/metrics/types";

// The database panel: every instance's pool (each process publishes its own) and their sum, the pool over the last
// 24 hours, and the server's own figures. Cheap on a large database: catalog sizes, no table scans.

export interface PoolPoint {
  at: string;
  total: number;
  idle: number;
  waiting: number;
  inUse: number;
}

export interface DatabasePanel {
  takenAt: Date;
  status: "up" | "down";
  error: string | null;
  /** null when the instances' samples cannot be read (Redis down): `pools` then holds this process alone. */
  instancesVisible: boolean;
  pools: { instanceId: string; kind: string; pool: PoolStats; latencyMs: number | null; sampledAt: string }[];
  sum: Pick<PoolStats, "total" | "idle" | "inUse" | "waiting" | "max" | "acquisitions" | "waits" | "timeouts">;
  history: PoolPoint[];
  latencyMs: number | null;
  serverVersion: string | null;
  databaseSize: string | null;
  largestTables: { table: string; size: string; bytes: number; rows: number }[];
  slowStatements: { query: string; calls: number; meanMs: number; totalMs: number }[] | null;
  /** This process's read replica pools (DATABASE_REPLICA_URLS) and whether each serves reads; [] without replicas. */
  replicas: ReplicaPanelRow[];
}

const DAY_MS = 86_400_000;

function sumOf(pools: readonly PoolStats[]): DatabasePanel["sum"] {
  const add = (field: keyof DatabasePanel["sum"]) => pools.reduce((total, pool) => total + pool[field], 0);
  return { total: add("total"), idle: add("idle"), inUse: add("inUse"), waiting: add("waiting"), max: add("max"), acquisitions: add("acquisitions"), waits: add("waits"), timeouts: add("timeouts") };
}

/** The instances' per-minute samples added up minute by minute. */
async function poolHistory(instances: readonly InstanceSample[]): Promise<PoolPoint[]> {
  const byMinute = new Map<string, PoolPoint>();
  for (const instance of instances) {
    for (const sample of await instanceHistory(instance.instanceId, Date.now() - DAY_MS)) {
      const at = sample.sampledAt.slice(0, 16);
      const point = byMinute.get(at) ?? { at, total: 0, idle: 0, waiting: 0, inUse: 0 };
      point.total += sample.pool.total;
      point.idle += sample.pool.idle;
      point.waiting += sample.pool.waiting;
      point.inUse += sample.pool.inUse;
      byMinute.set(at, point);
    }
  }
  return [...byMinute.values()].toSorted((a, b) => a.at.localeCompare(b.at));
}

async function serverFigures(): Promise<Pick<DatabasePanel, "databaseSize" | "largestTables" | "slowStatements">> {
  const pool = dbPool();
  const [size, tables, extension] = await Promise.all([
    pool.query<{ size: string }>("SELECT pg_size_pretty(pg_database_size(current_database())) AS size"),
    pool.query<{ table: string; size: string; bytes: string; rows: number }>(
      `SELECT c.relname AS table, pg_size_pretty(pg_total_relation_size(c.oid)) AS size, pg_total_relation_size(c.oid) AS bytes,
              GREATEST(c.reltuples, 0)::float8 AS rows
       FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
       ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 10`,
    ),
    pool.query<{ present: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS present"),
  ]);
  let slowStatements: DatabasePanel["slowStatements"] = null;
  if (extension.rows[0]?.present) {
    const slow = await pool
      .query<{ query: string; calls: string; mean: number; total: number }>(
        `SELECT left(query, 200) AS query, calls, mean_exec_time AS mean, total_exec_time AS total FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY mean_exec_time DESC LIMIT 10`,
      )
      .catch(() => null);
    slowStatements = slow?.rows.map((row) => ({ query: row.query, calls: Number(row.calls), meanMs: row.mean, totalMs: row.total })) ?? null;
  }
  return {
    databaseSize: size.rows[0]?.size ?? null,
    largestTables: tables.rows.map((row) => ({ table: row.table, size: row.size, bytes: Number(row.bytes), rows: Math.round(row.rows) })),
    slowStatements,
  };
}

export async function databasePanel(ctx: AuthContext): Promise<DatabasePanel> {
  await assertCan(ctx, "dashboards:read");
  const [health, instances] = await Promise.all([databaseHealth(), listInstances().catch(() => null)]);
  const own = health.pool;
  const pools = instances
    ? instances.map((instance) => ({ instanceId: instance.instanceId, kind: instance.kind, pool: instance.pool, latencyMs: instance.databaseLatencyMs, sampledAt: instance.sampledAt }))
    : own
      ? [{ instanceId: "this process", kind: "web", pool: own, latencyMs: health.status === "up" ? health.latencyMs : null, sampledAt: new Date().toISOString() }]
      : [];
  const figures = health.status === "up" ? await serverFigures().catch(() => null) : null;
  return {
    takenAt: new Date(),
    status: health.status,
    error: health.status === "down" ? "PostgreSQL does not answer" : null,
    instancesVisible: instances !== null,
    pools,
    sum: sumOf(pools.map((entry) => entry.pool)),
    history: instances ? await poolHistory(instances).catch(() => []) : [],
    latencyMs: health.status === "up" ? health.latencyMs : null,
    serverVersion: health.status === "up" ? health.serverVersion : null,
    databaseSize: figures?.databaseSize ?? null,
    largestTables: figures?.largestTables ?? [],
    slowStatements: figures?.slowStatements ?? null,
    replicas: dbReplicas()?.stats() ?? [],
  };
}
