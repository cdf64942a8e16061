import "server-only";
import { cacheHealth, type CacheHealth } from "@/lib/cache";
import { databaseHealth, type DatabaseHealth } from "@/lib/db/health";
import { logger } from "@/lib/logger";
import { workerStatus, type WorkerStatus } from "@/lib/worker/heartbeat";

export interface ReadinessChecks {
  database(): Promise<DatabaseHealth>;
  cache(): Promise<CacheHealth>;
  /** The workers' heartbeats; the process's own view of PostgreSQL by default. */
  worker?(): Promise<WorkerStatus>;
}

/** What a load balancer may read about the worker: not part of this instance's readiness (it serves without one). */
export interface WorkerReadiness {
  status: "up" | "stale" | "none" | "unknown";
  workers: number;
  lastHeartbeatAt: string | null;
}

function workerReadiness(status: WorkerStatus | null): WorkerReadiness {
  if (!status) return { status: "unknown", workers: 0, lastHeartbeatAt: null };
  return {
    status: status.lastBeatAt === null ? "none" : status.stale ? "stale" : "up",
    workers: status.workers,
    lastHeartbeatAt: status.lastBeatAt?.toISOString() ?? null,
  };
}

export interface Readiness {
  httpStatus: 200 | 503;
  body: {
    status: "ok" | "degraded" | "down";
    checks: {
      database: { status: DatabaseHealth["status"]; latencyMs?: number };
      cache: { status: CacheHealth["status"]; backend: CacheHealth["backend"]; latencyMs?: number };
      worker: WorkerReadiness;
    };
    /** This instance's connection pool (each instance behind a load balancer has its own). */
    pool: { total: number; idle: number; waiting: number; max: number } | null;
  };
}

const processChecks: ReadinessChecks = { database: () => databaseHealth(), cache: () => cacheHealth() };

/**
 * Readiness: 200 while PostgreSQL answers (a cache outage only degrades: reads fall through to PostgreSQL),
 * 503 when it does not. The endpoint is public, so the body holds status and latency only, no versions or errors;
 * those go to the log.
 */
export async function readiness(checks: ReadinessChecks = processChecks): Promise<Readiness> {
  const [database, cache, worker] = await Promise.all([
    checks.database(),
    checks.cache(),
    (checks.worker ?? workerStatus)().catch(() => null),
  ]);
  if (database.status === "down") logger.error({ event: "health.database_down", error: database.error }, "readiness: database down");
  if (cache.status === "down") logger.warn({ event: "health.cache_down", error: cache.error }, "readiness: cache down");
  const status = database.status === "down" ? "down" : cache.status === "down" ? "degraded" : "ok";
  return {
    httpStatus: status === "down" ? 503 : 200,
    body: {
      status,
      checks: {
        database: { status: database.status, latencyMs: database.status === "up" ? database.latencyMs : undefined },
        cache: { status: cache.status, backend: cache.backend, latencyMs: cache.status === "up" ? cache.latencyMs : undefined },
        worker: workerReadiness(worker),
      },
      pool: database.pool ? { total: database.pool.total, idle: database.pool.idle, waiting: database.pool.waiting, max: database.pool.max } : null,
    },
  };
}
