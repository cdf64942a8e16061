import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { cacheHealth } from "@/lib/cache";
import { listInstances } from "@/lib/metrics/readers";

export interface CachePanel {
  takenAt: Date;
  status: "up" | "down";
  backend: string;
  error: string | null;
  hitRatio: number | null;
  hits: number | null;
  misses: number | null;
  opsPerSecond: number | null;
  usedMemory: string | null;
  usedMemoryPeak: string | null;
  keys: number | null;
  evictions: number | null;
  connectedClients: number | null;
  /** Cache operations served from PostgreSQL because the cache failed, summed over the visible instances. */
  fallThroughs: number;
  instancesCounted: number;
}

export async function cachePanel(ctx: AuthContext): Promise<CachePanel> {
  await assertCan(ctx, "dashboards:read");
  const [health, instances] = await Promise.all([cacheHealth(), listInstances().catch(() => null)]);
  const fallThroughs = instances ? instances.reduce((sum, instance) => sum + instance.cache.fallbacks, 0) : health.fallbacks;
  const base = { takenAt: new Date(), backend: health.backend, fallThroughs, instancesCounted: instances?.length ?? 1 };
  if (health.status === "down") {
    return { ...base, status: "down", error: "Redis does not answer: reads fall through to PostgreSQL", hitRatio: null, hits: null, misses: null, opsPerSecond: null, usedMemory: null, usedMemoryPeak: null, keys: null, evictions: null, connectedClients: null };
  }
  const lookups = health.hits + health.misses;
  return {
    ...base,
    status: "up",
    error: null,
    hitRatio: lookups > 0 ? health.hits / lookups : null,
    hits: health.hits,
    misses: health.misses,
    opsPerSecond: health.backend === "redis" ? health.opsPerSecond : null,
    usedMemory: health.backend === "redis" ? health.usedMemory.human : null,
    usedMemoryPeak: health.backend === "redis" ? health.usedMemoryPeak.human : null,
    keys: health.keyCount,
    evictions: health.backend === "redis" ? health.evictions : null,
    connectedClients: health.backend === "redis" ? health.connectedClients : null,
  };
}
