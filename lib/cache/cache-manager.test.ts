import { describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { describeCacheManagerContract } from "@/lib/cache/cache-manager.contract";
import { CacheUnavailableError } from "@/lib/cache/errors";
import { silentCacheLogger } from "@/lib/cache/logger";
import { MemoryStore } from "@/lib/cache/memory-store";
import type { CacheStore } from "@/lib/cache/store";

describeCacheManagerContract("MemoryStore", async () => new CacheManager(new MemoryStore(), { defaultTtlSeconds: 3600, logger: silentCacheLogger }));

/** A store whose every operation fails as an unreachable Redis does. */
function unreachableStore(): CacheStore {
  const store = new MemoryStore();
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === "backend") return "redis";
      if (property === "close") return () => target.close();
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "scan") {
        return async function* failingScan(): AsyncIterable<string[]> {
          yield await Promise.reject(new CacheUnavailableError("Redis unavailable: connect ECONNREFUSED"));
        };
      }
      return () => Promise.reject(new CacheUnavailableError("Redis unavailable: connect ECONNREFUSED"));
    },
  });
}

describe("CacheManager when the store is unavailable", () => {
  it("degrades every operation instead of throwing, and counts each fallback", async () => {
    const cache = new CacheManager(unreachableStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    expect(await cache.get("k")).toBeNull();
    expect(await cache.set("k", 1)).toBe(false);
    expect(await cache.delete(["k", "j"])).toBe(false);
    expect(await cache.exists("k")).toBe(false);
    expect(await cache.expire("k", 5)).toBe(false);
    expect(await cache.ttl("k")).toBe(-2);
    expect(await cache.increment("k")).toBeNull();
    expect(await cache.decrement("k", 2)).toBeNull();
    expect(await cache.keys("*")).toEqual([]);
    expect(await cache.deletePattern("*")).toBeNull();
    expect(await cache.hget("h", "f")).toBeNull();
    expect(await cache.hset("h", "f", 1)).toBeNull();
    expect(await cache.hgetall("h")).toEqual({});
    expect(await cache.hdel("h", "f")).toBeNull();
    expect(await cache.lpush("l", 1)).toBeNull();
    expect(await cache.rpush("l", 1)).toBeNull();
    expect(await cache.lrange("l")).toEqual([]);
    expect(await cache.llen("l")).toBe(0);
    expect(await cache.sadd("s", "a")).toBeNull();
    expect(await cache.smembers("s")).toEqual([]);
    expect(await cache.sismember("s", "a")).toBe(false);
    expect(await cache.srem("s", "a")).toBeNull();
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, fallbacks: 22 });
    await cache.close();
  });

  it("cached() calls the loader directly and counts one fallback per call", async () => {
    const cache = new CacheManager(unreachableStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    expect(await cache.cached("k", 60, async () => "from db")).toBe("from db");
    expect(await cache.cached("k", 60, async () => "from db again")).toBe("from db again");
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, fallbacks: 2 });
    await expect(cache.cached("k", 60, async () => Promise.reject(new Error("loader failed")))).rejects.toThrow("loader failed");
  });
});

describe("CacheManager.peek", () => {
  it("counts a hit only for a value the caller accepts, and nothing otherwise, so cached() after it counts the miss once", async () => {
    const cache = new CacheManager(new MemoryStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    await cache.set("shape", { version: 1 });
    expect(await cache.peek("shape", (value) => (value as { version: number }).version === 1)).toEqual({ version: 1 });
    expect(await cache.peek("shape", (value) => (value as { version: number }).version === 2)).toBeNull();
    expect(await cache.peek("absent")).toBeNull();
    expect(await cache.cached("absent", 60, async () => "loaded")).toBe("loaded");
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, fallbacks: 0 });
    await cache.close();
  });

  it("is a quiet null when the store is down; the read-through after it counts the fallback", async () => {
    const cache = new CacheManager(unreachableStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    expect(await cache.peek("k")).toBeNull();
    expect(await cache.cached("k", 60, async () => "from db")).toBe("from db");
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, fallbacks: 1 });
  });

  it("in two steps sends the GET at once but counts a hit only when taken, and a failed GET never rejects", async () => {
    const store = new MemoryStore();
    const cache = new CacheManager(store, { defaultTtlSeconds: 60, logger: silentCacheLogger });
    await cache.set("chart", { version: 1 });
    const take = cache.prefetch("chart");
    await cache.set("chart", { version: 2 });
    expect(await take()).toEqual({ version: 1 });
    cache.prefetch("chart");
    expect(cache.stats()).toEqual({ hits: 1, misses: 0, fallbacks: 0 });
    const down = new CacheManager(unreachableStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    const untaken = down.prefetch("chart");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await untaken()).toBeNull();
    expect(down.stats()).toEqual({ hits: 0, misses: 0, fallbacks: 0 });
    await cache.close();
  });
});

describe("CacheManager with unreadable entries", () => {
  it("treats a value that is not JSON as a miss", async () => {
    const store = new MemoryStore();
    const cache = new CacheManager(store, { defaultTtlSeconds: 60, logger: silentCacheLogger });
    await store.set("raw", "{not json", 60_000);
    expect(await cache.get("raw")).toBeNull();
    expect(await cache.cached("raw", 60, async () => "fresh")).toBe("fresh");
    expect(await cache.get("raw")).toBe("fresh");
    await cache.close();
  });

  it("refuses a non-positive default TTL", () => {
    expect(() => new CacheManager(new MemoryStore(), { defaultTtlSeconds: 0 })).toThrow(RangeError);
  });
});
