import "server-only";
import { cache, cacheKeys } from "@/lib/cache";

export type RateLimitScope = "login_ip" | "login_account" | "audit_anonymous";

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

export interface WindowCount {
  /** This event's number within the window, from 1. */
  count: number;
  windowStart: Date;
}

/**
 * Counts one event in the current clock-aligned window of `windowSeconds` (the same window on every instance, since
 * the counter lives in Redis). Null when the cache is unavailable: the caller decides what that means.
 */
export async function countInWindow(scope: RateLimitScope, identifier: string, windowSeconds: number): Promise<WindowCount | null> {
  const windowMs = windowSeconds * 1000;
  const windowIndex = Math.floor(Date.now() / windowMs);
  // Kept a second window so an instance whose clock runs a little behind still counts into the same key.
  const count = await cache().increment(cacheKeys.rateLimit(scope, `${identifier}@${windowIndex}`), 1, windowSeconds * 2);
  return count === null ? null : { count, windowStart: new Date(windowIndex * windowMs) };
}
