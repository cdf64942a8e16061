import { afterAll } from "vitest";
import { SENTINEL_MASTER_NAME, startRedisSentinel } from "@/lib/testing/redis-sentinel";

// Imported first by a test file: starts a master, a replica and three sentinels and points the app's cache() at them
// the way a deployment does (REDIS_SENTINELS instead of REDIS_URL). It must run before anything reads the environment
// (lib/env.ts parses it once).

export const redisSentinel = await startRedisSentinel();

process.env.REDIS_SENTINELS = redisSentinel.sentinelList;
process.env.REDIS_SENTINEL_MASTER_NAME = SENTINEL_MASTER_NAME;
delete process.env.REDIS_URL;

afterAll(async () => {
  const { disconnectCache } = await import("@/lib/cache");
  await disconnectCache();
  await redisSentinel.stop();
});
