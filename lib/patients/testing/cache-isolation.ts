import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { cache, cacheHealth, disconnectCache } from "@/lib/cache";

/**
 * Gives the test file's cache() its own key prefix (tests must not write under the real REDIS_KEY_PREFIX),
 * waits for the first Redis connection (a cold client misses every command), and cleans up afterwards.
 * Call at module scope, before any test touches the cache.
 */
export function isolateCache(): void {
  process.env.REDIS_KEY_PREFIX = `test:clinical:${randomUUID().slice(0, 8)}:`;
  beforeAll(async () => {
    await cacheHealth();
  });
  afterAll(async () => {
    await cache().deletePattern("*");
    await disconnectCache();
  });
}
