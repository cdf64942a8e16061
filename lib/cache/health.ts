import type { CacheManager, CacheStats } from "@/lib/cache/cache-manager";
import type { MemoryUsage } from "@/lib/cache/store";

export type CacheHealth =
  | {
      status: "up";
      backend: "redis";
      latencyMs: number;
      version: string;
      usedMemory: MemoryUsage;
      usedMemoryPeak: MemoryUsage;
      /** DBSIZE of the whole Redis database (all prefixes). */
      keyCount: number;
      /** Server-wide keyspace hits and misses (INFO stats), all clients since the server started. */
      hits: number;
      misses: number;
      connectedClients: number;
      opsPerSecond: number;
      evictions: number;
      /** This process: operations served without the cache because it failed. */
      fallbacks: number;
      /** This process's own hit, miss and fallback counts. */
      local: CacheStats;
    }
  | {
      status: "up";
      backend: "memory";
      note: string;
      latencyMs: number;
      keyCount: number;
      hits: number;
      misses: number;
      fallbacks: number;
      local: CacheStats;
    }
  | { status: "down"; backend: "redis"; error: string; fallbacks: number; local: CacheStats };

const MEMORY_NOTE = "REDIS_URL not set: in-process cache";

/** PING for latency, then INFO and DBSIZE. Never throws: an unreachable Redis is reported as "down". */
export async function checkCacheHealth(manager: CacheManager): Promise<CacheHealth> {
  const local = manager.stats();
  const started = performance.now();
  try {
    await manager.store.ping();
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const details = await manager.store.diagnostics();
    if (details.backend === "memory") {
      return { status: "up", backend: "memory", note: MEMORY_NOTE, latencyMs, keyCount: details.keyCount, ...local, local };
    }
    const { backend, ...server } = details;
    return { status: "up", backend, latencyMs, ...server, fallbacks: local.fallbacks, local };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: "down", backend: "redis", error: message, fallbacks: local.fallbacks, local };
  }
}
