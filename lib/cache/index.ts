import "server-only";
import { CacheManager } from "@/lib/cache/cache-manager";
import { checkCacheHealth, type CacheHealth } from "@/lib/cache/health";
import { MemoryStore } from "@/lib/cache/memory-store";
import type { RedisEndpoint } from "@/lib/cache/redis-client";
import { RedisStore } from "@/lib/cache/redis-store";
import { env, type Env } from "@/lib/env";
import { logger as appLogger } from "@/lib/logger";
import { trustedCertificateAuthorities } from "@/lib/security/certificate-authorities";

export { CacheManager, type CacheManagerOptions, type CacheStats } from "@/lib/cache/cache-manager";
export { CacheCommandError, CacheUnavailableError } from "@/lib/cache/errors";
export type { CacheHealth } from "@/lib/cache/health";
export { cacheKeys } from "@/lib/cache/keys";

// Kept on globalThis so that Next's hot reload in development does not open a new Redis connection on every edit.
const holder = globalThis as typeof globalThis & { meridianCache?: CacheManager };

function createCache(): CacheManager {
  const config = env();
  const logger = appLogger.child({ component: "cache" });
  const endpoint = redisEndpoint(config);
  if (!endpoint && config.NODE_ENV === "production") {
    // Allowed so a single-instance demo still runs, but sessions, rate limits and cache would be per process.
    logger.warn({}, "REDIS_URL is not set: using the in-process cache, which is not shared between instances");
  }
  const store = endpoint
    ? new RedisStore({
        ...endpoint,
        keyPrefix: config.REDIS_KEY_PREFIX,
        commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
        logger,
        // rediss:// turns TLS on by itself (ioredis); a private CA is added to node's roots (env.ts allows it only then).
        ...(config.REDIS_TLS_CA_FILE ? { tls: { ca: trustedCertificateAuthorities(config.REDIS_TLS_CA_FILE, "REDIS_TLS_CA_FILE") } } : {}),
      })
    : new MemoryStore();
  return new CacheManager(store, { defaultTtlSeconds: config.CACHE_DEFAULT_TTL_SECONDS, logger });
}

/** The configured Redis: REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS (env.ts allows one at most), or none. */
function redisEndpoint(config: Env): RedisEndpoint | null {
  if (config.REDIS_CLUSTER_NODES) return { cluster: config.REDIS_CLUSTER_NODES };
  if (config.REDIS_SENTINELS) {
    const masterPassword = config.REDIS_SENTINEL_MASTER_PASSWORD;
    return { sentinel: { sentinels: config.REDIS_SENTINELS, masterName: config.REDIS_SENTINEL_MASTER_NAME, ...(masterPassword ? { masterPassword } : {}) } };
  }
  return config.REDIS_URL ? { url: config.REDIS_URL } : null;
}

/** The one cache of the process: Redis when REDIS_URL (or a cluster, or sentinels) is set, otherwise an in-process store. */
export function cache(): CacheManager {
  holder.meridianCache ??= createCache();
  return holder.meridianCache;
}

/** Cache status for /api/health/ready and the dashboard; never throws. */
export function cacheHealth(): Promise<CacheHealth> {
  return checkCacheHealth(cache());
}

export async function disconnectCache(): Promise<void> {
  const current = holder.meridianCache;
  if (!current) return;
  holder.meridianCache = undefined;
  await current.close();
}
