import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { checkCacheHealth } from "@/lib/cache/health";
import { silentCacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("checkCacheHealth on Redis", () => {
  const store = new RedisStore({ url: REDIS_URL, keyPrefix: `test:${randomUUID()}:`, commandTimeoutMs: 1_000, logger: silentCacheLogger });
  const cache = new CacheManager(store, { defaultTtlSeconds: 60, logger: silentCacheLogger });

  afterAll(async () => {
    await cache.deletePattern("*");
    await cache.close();
  });

  it("reports version, memory, key count, keyspace hits and misses, clients and latency", async () => {
    for (let attempt = 0; attempt < 100 && (await checkCacheHealth(cache)).status === "down"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await cache.set("health:probe", 1);
    const health = await checkCacheHealth(cache);
    if (health.status !== "up" || health.backend !== "redis") throw new Error(`expected redis up, got ${JSON.stringify(health)}`);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.usedMemory.bytes).toBeGreaterThan(0);
    expect(health.usedMemory.human).toMatch(/^[\d.]+[BKMG]$/);
    expect(health.usedMemoryPeak.bytes).toBeGreaterThanOrEqual(health.usedMemory.bytes * 0.5);
    expect(health.keyCount).toBeGreaterThanOrEqual(1);
    expect(health.hits).toBeGreaterThanOrEqual(0);
    expect(health.misses).toBeGreaterThanOrEqual(0);
    expect(health.connectedClients).toBeGreaterThanOrEqual(1);
    expect(health.fallbacks).toBe(0);
    expect(health.local.fallbacks).toBe(0);
  });
});
