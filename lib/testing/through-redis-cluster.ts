import { afterAll } from "vitest";
import { startRedisCluster } from "@/lib/testing/redis-cluster";

// Imported first by a test file: starts a real three-master Redis Cluster and points the app's cache() at it the way
// a deployment does (REDIS_CLUSTER_NODES instead of REDIS_URL). It must run before anything reads the environment
// (lib/env.ts parses it once).

export const redisCluster = await startRedisCluster();

process.env.REDIS_CLUSTER_NODES = redisCluster.seedList;
delete process.env.REDIS_URL;

afterAll(async () => {
  const { disconnectCache } = await import("@/lib/cache");
  await disconnectCache();
  await redisCluster.stop();
});
