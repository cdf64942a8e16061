import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { checkCacheHealth } from "@/lib/cache/health";
import { silentCacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";
import { cacheHealth, disconnectCache } from "@/lib/cache";
import { databaseHealth } from "@/lib/db/health";
import { InstrumentedPool } from "@/lib/db/pool";
import { readiness } from "@/lib/health/readiness";

// The readiness promise with real outages: PostgreSQL and Redis at ports where nothing listens.

const closers: (() => Promise<unknown>)[] = [disconnectCache];
afterAll(async () => {
  for (const close of closers) await close();
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function unreachableDatabase(): Promise<InstrumentedPool> {
  const pool = new InstrumentedPool({ connectionString: `postgresql://postgres@127.0.0.1:${await closedPort()}/meridian`, connectionTimeoutMillis: 1000 });
  closers.push(() => pool.end());
  return pool;
}

async function unreachableRedis(): Promise<CacheManager> {
  const store = new RedisStore({ url: `redis://127.0.0.1:${await closedPort()}`, keyPrefix: "test:ready:", commandTimeoutMs: 250, connectTimeoutMs: 500, logger: silentCacheLogger });
  const manager = new CacheManager(store, { defaultTtlSeconds: 60, logger: silentCacheLogger });
  closers.push(() => manager.close());
  return manager;
}

describe("readiness", () => {
  it("is ok (200) while PostgreSQL and Redis answer", async () => {
    const report = await readiness();
    expect(report.httpStatus).toBe(200);
    expect(report.body.status).toBe("ok");
    expect(report.body.checks.database.status).toBe("up");
    expect(report.body.checks.cache).toMatchObject({ status: "up", backend: "redis" });
  });

  it("is degraded but still 200 with Redis down: reads fall through to PostgreSQL", async () => {
    const redis = await unreachableRedis();
    const report = await readiness({ database: () => databaseHealth(), cache: () => checkCacheHealth(redis) });
    expect(report.httpStatus).toBe(200);
    expect(report.body.status).toBe("degraded");
    expect(report.body.checks).toMatchObject({ database: { status: "up" }, cache: { status: "down", backend: "redis" } });
  });

  it("is down (503) with PostgreSQL down, and says no more than that in public", async () => {
    const pool = await unreachableDatabase();
    const report = await readiness({ database: () => databaseHealth(() => pool), cache: () => cacheHealth() });
    expect(report.httpStatus).toBe(503);
    expect(report.body.status).toBe("down");
    expect(report.body.checks.database).toEqual({ status: "down", latencyMs: undefined });
    // No error text, host, port or version reaches the public body.
    expect(JSON.stringify(report.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|refused|PostgreSQL \d/i);
  });

  it("is down (503) when both are down", async () => {
    const [pool, redis] = [await unreachableDatabase(), await unreachableRedis()];
    const report = await readiness({ database: () => databaseHealth(() => pool), cache: () => checkCacheHealth(redis) });
    expect(report.httpStatus).toBe(503);
    expect(report.body.status).toBe("down");
  });
});
