import "server-only";
import { cacheHealth, type CacheHealth } from "@/lib/cache";
import { databaseHealth, type DatabaseHealth } from "@/lib/db/health";
import { logger } from "@/lib/logger";

export interface ReadinessChecks {
  database(): Promise<DatabaseHealth>;
  cache(): Promise<CacheHealth>;
}

export interface Readiness {
  httpStatus: 200 | 503;
  body: {
    status: "ok" | "degraded" | "down";
    checks: {
      database: { status: DatabaseHealth["status"]; latencyMs?: number };
      cache: { status: CacheHealth["status"]; backend: CacheHealth["backend"]; latencyMs?: number };
    };
  };
}

const processChecks: ReadinessChecks = { database: () => databaseHealth(), cache: () => cacheHealth() };

/**
 * Readiness: 200 while PostgreSQL answers (a cache outage only degrades: reads fall through to PostgreSQL),
 * 503 when it does not. The endpoint is public, so the body holds status and latency only, no versions or errors;
 * those go to the log.
 */
export async function readiness(checks: ReadinessChecks = processChecks): Promise<Readiness> {
  const [database, cache] = await Promise.all([checks.database(), checks.cache()]);
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
      },
    },
  };
}
