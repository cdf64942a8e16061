import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { describeCacheManagerContract } from "@/lib/cache/cache-manager.contract";
import { cacheKeys } from "@/lib/cache/keys";
import { silentCacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";
import { redisNodeList } from "@/lib/cache/redis-topology";
import { startRedisCluster } from "@/lib/testing/redis-cluster";
import { waitFor } from "@/lib/testing/redis-server";

// The cache on a real three-master Redis Cluster started for this file (REDIS_CLUSTER_NODES): the same contract as
// on one Redis, plus what only a cluster can get wrong — keys of one SCAN or one delete spread over several masters.

const cluster = await startRedisCluster();
const PREFIX = `test:${randomUUID()}:`;
const opened: CacheManager[] = [];

async function clusterCache(keyPrefix: string): Promise<CacheManager> {
  const store = new RedisStore({ cluster: redisNodeList(6379).parse(cluster.seedList), keyPrefix, commandTimeoutMs: 1_000, logger: silentCacheLogger });
  const cache = new CacheManager(store, { defaultTtlSeconds: 3600, logger: silentCacheLogger });
  // With the offline queue off, commands sent before the slot map is loaded fail by design; wait for it in tests.
  await waitFor("the cluster client", () => store.ping().then(() => true));
  return cache;
}

afterAll(async () => {
  for (const cache of opened) await cache.close();
  await cluster.stop();
});

describeCacheManagerContract("Redis Cluster", () => clusterCache(`${PREFIX}contract:`));

describe("on a Redis Cluster", () => {
  let cache: CacheManager;
  /** How many of this file's keys each master holds. */
  const keysPerMaster = () => Promise.all(cluster.nodes.map(async (node) => ((await node.command("KEYS", `${PREFIX}spread:*`)) as string[]).length));

  beforeAll(async () => {
    cache = await clusterCache(`${PREFIX}spread:`);
    opened.push(cache);
  });

  it("finds and deletes keys on every master, and deletes many keys of different slots at once", async () => {
    const keys = Array.from({ length: 60 }, (_, index) => `k:${index}`);
    await Promise.all(keys.map((key) => cache.set(key, key)));
    const spread = await keysPerMaster();
    expect(spread.every((count) => count > 0)).toBe(true);
    expect((await cache.keys("k:*")).sort()).toEqual([...keys].sort());
    expect(await cache.store.delete(keys.slice(0, 30))).toBe(30);
    expect(await cache.deletePattern("k:*")).toBe(30);
    expect(await keysPerMaster()).toEqual([0, 0, 0]);
  });

  it("keeps one patient's keys in one slot (hash tag), so their invalidation is one command", async () => {
    const id = randomUUID();
    const keys = [cacheKeys.patient(id), cacheKeys.patientAggregate(id), cacheKeys.medications(id), cacheKeys.allergies(id)];
    const slots = await Promise.all(keys.map((key) => cluster.nodes[0]?.command("CLUSTER", "KEYSLOT", `${PREFIX}spread:${key}`)));
    expect(new Set(slots).size).toBe(1);
    for (const key of keys) await cache.set(key, { key });
    expect(await cache.store.delete(keys)).toBe(4);
  });

  it("adds up the masters' figures in diagnostics", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, index) => cache.set(`d:${index}`, index)));
    const diagnostics = await cache.store.diagnostics();
    const dbsizes = await Promise.all(cluster.nodes.map(async (node) => Number(await node.command("DBSIZE"))));
    expect(diagnostics).toMatchObject({ backend: "redis", keyCount: dbsizes.reduce((sum, size) => sum + size, 0) });
    if (diagnostics.backend === "redis") expect(diagnostics.usedMemory.bytes).toBeGreaterThan(3 * 1_000_000);
    await cache.deletePattern("d:*");
  });
});
