import { NextResponse, connection } from "next/server";
import { cacheHealth } from "@/lib/cache";
import { databaseHealth } from "@/lib/db/health";
import { logger } from "@/lib/logger";

/**
 * Readiness: 200 while PostgreSQL answers (a cache outage only degrades: reads fall through to PostgreSQL),
 * 503 when it does not. The endpoint is public, so it reports status and latency only, no versions or errors.
 */
export async function GET() {
  await connection();
  const [database, cache] = await Promise.all([databaseHealth(), cacheHealth()]);
  if (database.status === "down") logger.error({ event: "health.database_down", error: database.error }, "readiness: database down");
  if (cache.status === "down") logger.warn({ event: "health.cache_down", error: cache.error }, "readiness: cache down");
  const status = database.status === "down" ? "down" : cache.status === "down" ? "degraded" : "ok";
  const body = {
    status,
    checks: {
      database: { status: database.status, latencyMs: database.status === "up" ? database.latencyMs : undefined },
      cache: { status: cache.status, backend: cache.backend, latencyMs: cache.status === "up" ? cache.latencyMs : undefined },
    },
  };
  return NextResponse.json(body, { status: status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
}
