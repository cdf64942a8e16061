import "server-only";
import { cache, cacheKeys } from "@/lib/cache";

export type RateLimitScope = "login_ip" | "login_account";

/**
 * Counts one attempt in a fixed window and says whether the limit is passed. Counters live in Redis so every
 * instance shares them; when Redis is down the attempt is allowed, and the account lockout (in PostgreSQL)
 * still stops guessing.
 */
export async function overRateLimit(scope: RateLimitScope, identifier: string, limit: number, windowSeconds: number): Promise<boolean> {
  const count = await cache().increment(cacheKeys.rateLimit(scope, identifier), 1, windowSeconds);
  return count !== null && count > limit;
}

export async function clearRateLimit(scope: RateLimitScope, identifier: string): Promise<void> {
  await cache().delete(cacheKeys.rateLimit(scope, identifier));
}
