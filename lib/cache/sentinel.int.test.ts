import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { describeCacheManagerContract } from "@/lib/cache/cache-manager.contract";
import { silentCacheLogger } from "@/lib/cache/logger";
import type { RedisEndpoint } from "@/lib/cache/redis-client";
import { RedisStore } from "@/lib/cache/redis-store";
import { redisNodeList } from "@/lib/cache/redis-topology";
import { startRedisSentinel, SENTINEL_MASTER_NAME } from "@/lib/testing/redis-sentinel";
import { waitFor, type RedisProcess } from "@/lib/testing/redis-server";

// The cache on a Sentinel-managed master (REDIS_SENTINELS) started for this file: the same contract as on one
// Redis, then a failover under a stream of reads — every read still gets its value (from the loader, standing in
// for PostgreSQL, while Redis has no master), and afterwards the cache works again on the promoted replica.

const deployment = await startRedisSentinel();
const PREFIX = `test:${randomUUID()}:`;
const opened: CacheManager[] = [];

async function connected(endpoint: RedisEndpoint, keyPrefix: string): Promise<CacheManager> {
  const store = new RedisStore({ ...endpoint, keyPrefix, commandTimeoutMs: 500, logger: silentCacheLogger });
  const cache = new CacheManager(store, { defaultTtlSeconds: 3600, logger: silentCacheLogger });
  opened.push(cache);
  await waitFor("the first connection", () => store.ping().then(() => true));
  return cache;
}

const throughSentinels = (keyPrefix: string) =>
  connected({ sentinel: { sentinels: redisNodeList(26379).parse(deployment.sentinelList), masterName: SENTINEL_MASTER_NAME } }, keyPrefix);

afterAll(async () => {
  // Closing twice is harmless (the contract closes its own cache).
  for (const cache of opened) await cache.close();
  await deployment.stop();
});

describeCacheManagerContract("Redis Sentinel", () => throughSentinels(`${PREFIX}contract:`));

describe("a replica (what a demoted master becomes)", () => {
  it("answers writes with READONLY, which counts as an unavailable cache, not as a bug", async () => {
    const cache = await connected({ url: `redis://127.0.0.1:${deployment.servers[1].port}` }, `${PREFIX}replica:`);
    const before = cache.stats().fallbacks;
    expect(await cache.set("k", 1)).toBe(false);
    expect(await cache.increment("n", 1, 60)).toBeNull();
    await expect(cache.cached("c", 60, async () => "from the database")).resolves.toBe("from the database");
    // set, increment, and cached()'s write after its miss.
    expect(cache.stats().fallbacks - before).toBe(3);
  });
});

describe("a Sentinel failover", () => {
  const records = new Map(Array.from({ length: 20 }, (_, index) => [`record:${index}`, { id: index, name: `patient ${index}` }]));

  /**
   * Reads every record through cached() in a loop while `failover` runs, until a write through the client lands on
   * the new master; then checks that write on the server itself. What the loop saw is returned.
   */
  async function readThrough(cache: CacheManager, failover: () => Promise<RedisProcess>, probe: string) {
    const read = (key: string) => cache.cached(key, 60, async () => records.get(key));
    for (const key of records.keys()) await read(key);
    const seen = { reads: 0, failures: 0, wrong: 0, fallbacks: 0 };
    let reading = true;
    const loop = (async () => {
      while (reading) {
        for (const [key, record] of records) {
          const value = await read(key).catch(() => {
            seen.failures += 1;
            return null;
          });
          seen.reads += 1;
          if (value?.id !== record.id) seen.wrong += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const fallbacksBefore = cache.stats().fallbacks;
    const next = await failover();
    // The client finds the new master on its own (the sentinels' +switch-master, or its next reconnect).
    await waitFor("the cache on the new master", async () => (await cache.set(probe, "after failover")) === true, 15_000);
    reading = false;
    await loop;
    seen.fallbacks = cache.stats().fallbacks - fallbacksBefore;
    expect(await next.command("GET", `${PREFIX}failover:${probe}`)).toBe(JSON.stringify("after failover"));
    // Reads are served from Redis again.
    const hitsBefore = cache.stats().hits;
    await read("record:1");
    expect(cache.stats().hits).toBe(hitsBefore + 1);
    return seen;
  }

  it("follows a SENTINEL FAILOVER at once, though the old master still takes writes for a while", async () => {
    const cache = await throughSentinels(`${PREFIX}failover:`);
    const before = await deployment.master();
    // The probe write must land on the new master: a client left on the old one would write there, and lose it.
    const seen = await readThrough(cache, () => deployment.failover(), "graceful");
    expect(await deployment.master()).not.toBe(before);
    expect(seen).toMatchObject({ failures: 0, wrong: 0 });
    expect(seen.reads).toBeGreaterThan(records.size);
    await deployment.resync();
  });

  it("never fails a read while a killed master is replaced, and the cache works again on the new master", async () => {
    const cache = await throughSentinels(`${PREFIX}failover:`);
    const before = await deployment.master();
    const seen = await readThrough(cache, () => deployment.killMasterAndWaitForFailover(), "killed");
    expect(await deployment.master()).not.toBe(before);
    expect(seen).toMatchObject({ failures: 0, wrong: 0 });
    expect(seen.reads).toBeGreaterThan(records.size);
    expect(seen.fallbacks).toBeGreaterThan(0);
  });
});
