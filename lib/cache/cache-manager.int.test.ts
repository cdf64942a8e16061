import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { describeCacheManagerContract } from "@/lib/cache/cache-manager.contract";
import { silentCacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// One prefix per test file, so files can run in parallel against the same Redis.
const PREFIX = `test:${randomUUID()}:`;

function redisCache(keyPrefix: string, scanPageSize?: number): CacheManager {
  const store = new RedisStore({ url: REDIS_URL, keyPrefix, commandTimeoutMs: 1_000, scanPageSize, logger: silentCacheLogger });
  return new CacheManager(store, { defaultTtlSeconds: 3600, logger: silentCacheLogger });
}

async function ready(cache: CacheManager): Promise<void> {
  // With the offline queue off, commands sent before the connection is up fail by design; wait for it in tests.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await cache.store.ping();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error(`Redis at ${REDIS_URL} is not reachable`);
}

describeCacheManagerContract("RedisStore", async () => {
  const cache = redisCache(`${PREFIX}contract:`);
  await ready(cache);
  return cache;
});

describe("RedisStore key prefix", () => {
  const raw = new Redis(REDIS_URL, { protocol: 2 });
  const opened: CacheManager[] = [];
  const open = async (prefix: string, scanPageSize?: number) => {
    const cache = redisCache(prefix, scanPageSize);
    opened.push(cache);
    await ready(cache);
    return cache;
  };

  afterAll(async () => {
    for (const cache of opened) {
      await cache.deletePattern("*");
      await cache.close();
    }
    expect(await raw.keys(`${PREFIX}*`)).toEqual([]);
    raw.disconnect();
  });

  it("writes keys under the prefix and returns them without it", async () => {
    const cache = await open(`${PREFIX}a:`);
    await cache.set("patient:1", { ok: true });
    expect(await raw.exists(`${PREFIX}a:patient:1`)).toBe(1);
    expect(await raw.pttl(`${PREFIX}a:patient:1`)).toBeGreaterThan(3_590_000);
    expect(await cache.keys("patient:*")).toEqual(["patient:1"]);
  });

  it("does not see or delete keys of another prefix", async () => {
    const a = await open(`${PREFIX}iso-a:`);
    const b = await open(`${PREFIX}iso-b:`);
    await a.set("shared", "a");
    await b.set("shared", "b");
    expect(await b.get("shared")).toBe("b");
    expect(await b.deletePattern("*")).toBe(1);
    expect(await a.get("shared")).toBe("a");
    expect(await a.keys("*")).toEqual(["shared"]);
  });

  it("escapes glob characters in the prefix itself", async () => {
    const bracketed = await open(`${PREFIX}[x]*:`);
    const plain = await open(`${PREFIX}x-not-matched:`);
    await bracketed.set("k", 1);
    await plain.set("k", 2);
    expect(await bracketed.keys("*")).toEqual(["k"]);
    expect(await bracketed.deletePattern("*")).toBe(1);
    expect(await plain.get("k")).toBe(2);
  });

  it("walks several SCAN pages (small COUNT) without losing keys", async () => {
    const cache = await open(`${PREFIX}pages:`, 20);
    await Promise.all(Array.from({ length: 300 }, (_, index) => cache.set(`k:${index}`, index)));
    let pages = 0;
    const seen = new Set<string>();
    for await (const page of cache.store.scan("k:*")) {
      pages += 1;
      for (const key of page) seen.add(key);
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe(300);
    expect(await cache.deletePattern("k:*")).toBe(300);
  });
});
