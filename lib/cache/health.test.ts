import { describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { checkCacheHealth } from "@/lib/cache/health";
import { silentCacheLogger } from "@/lib/cache/logger";
import { MemoryStore } from "@/lib/cache/memory-store";

describe("checkCacheHealth on the in-process store", () => {
  it("is up, says why it is in-process, and counts keys and this process's hits", async () => {
    const cache = new CacheManager(new MemoryStore(), { defaultTtlSeconds: 60, logger: silentCacheLogger });
    await cache.set("a", 1);
    await cache.set("b", 2);
    await cache.get("a");
    await cache.get("missing");
    const health = await checkCacheHealth(cache);
    expect(health).toMatchObject({
      status: "up",
      backend: "memory",
      note: "REDIS_URL not set: in-process cache",
      keyCount: 2,
      hits: 1,
      misses: 1,
      fallbacks: 0,
      local: { hits: 1, misses: 1, fallbacks: 0 },
    });
    expect(health.status === "up" && health.latencyMs).toBeGreaterThanOrEqual(0);
    await cache.close();
  });
});
