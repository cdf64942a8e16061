import { DecodedMemo } from "@/lib/cache/decoded-memo";
import { CacheUnavailableError } from "@/lib/cache/errors";
import { consoleCacheLogger, type CacheLogger } from "@/lib/cache/logger";
import { decodeValue, encodeValue } from "@/lib/cache/serialization";
import type { CacheStore } from "@/lib/cache/store";

export interface CacheManagerOptions {
  /** Time to live when set() is given none (env CACHE_DEFAULT_TTL_SECONDS, 1 hour by default). */
  defaultTtlSeconds: number;
  logger?: CacheLogger;
}

/** Counters of this process since start. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Operations the cache could not serve (Redis down or too slow), so the caller went without it. */
  fallbacks: number;
}

/** Returned instead of a value when a stored entry cannot be decoded; it is then treated as a miss. */
const UNREADABLE = Symbol("unreadable");

/** Cache-aside values kept decoded (lib/cache/decoded-memo.ts): a few hundred hot charts. */
const DECODED_MEMO_ENTRIES = 500;

function toTtlMs(seconds: number): number {
  // Every entry expires: an entry that outlives a missed invalidation must not stay wrong for ever.
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RangeError(`cache TTL must be a positive number of seconds, got ${seconds}`);
  return Math.max(1, Math.round(seconds * 1000));
}

function checkInteger(by: number): number {
  if (!Number.isSafeInteger(by)) throw new RangeError(`cache counters change by whole numbers, got ${by}`);
  return by;
}

/**
 * The cache operations of the spec over a CacheStore, with JSON values (Dates survive) and one rule:
 * the cache may make a request faster, never make it fail. When the store is unreachable reads behave as an
 * empty cache (get → null, exists → false, lrange → []), writes report false or null, and `fallbacks` counts it.
 * Only CacheCommandError (wrong type, non-integer counter: bugs) and RangeError (bad arguments) are thrown.
 *
 * Hash values and list elements are JSON like get/set values. Set members are plain strings: membership
 * compares exact bytes, and JSON of an object is not canonical, so sets are for ids and other strings.
 */
export class CacheManager {
  readonly store: CacheStore;
  readonly defaultTtlSeconds: number;
  private readonly logger: CacheLogger;
  private readonly counters: CacheStats = { hits: 0, misses: 0, fallbacks: 0 };
  /** Loads in progress per key, so concurrent misses of one key in this process run the loader once. */
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly memo = new DecodedMemo(DECODED_MEMO_ENTRIES);

  constructor(store: CacheStore, options: CacheManagerOptions) {
    this.store = store;
    this.defaultTtlSeconds = options.defaultTtlSeconds;
    toTtlMs(options.defaultTtlSeconds);
    this.logger = options.logger ?? consoleCacheLogger;
  }

  get backend(): CacheStore["backend"] {
    return this.store.backend;
  }

  stats(): CacheStats {
    return { ...this.counters };
  }

  /**
   * Cache-aside read: the cached value, or load() stored for ttlSeconds. If the cache fails in any way, load()
   * is called directly; only load()'s own errors reach the caller. null and undefined are returned but not
   * cached (null is how get() says "miss"), so "not found" is looked up again on the next call. A value read from
   * the cache is frozen: every reader of the key shares it (lib/cache/decoded-memo.ts). `accepts` should be one
   * function for all calls, since each value is checked once per function.
   */
  async cached<T>(key: string, ttlSeconds: number, load: () => Promise<T>, accepts?: (cached: unknown) => boolean): Promise<T> {
    const ttlMs = toTtlMs(ttlSeconds);
    const pending = this.inflight.get(key);
    // Same key, same data: a caller that joins a load in progress gets that load's value.
    if (pending) return pending as Promise<T>;
    const loading = this.readThrough(key, ttlMs, load, accepts).finally(() => this.inflight.delete(key));
    this.inflight.set(key, loading);
    return loading;
  }

  /**
   * A cached value the caller accepts, counted as a hit; otherwise null, counted as nothing: for a caller that then
   * reads through cached(), which counts the miss or the fall-back once. A cache that fails is a quiet null here.
   * Like cached(), it returns a frozen value that every reader of the key shares.
   */
  peek<T = unknown>(key: string, accepts?: (cached: unknown) => boolean): Promise<T | null> {
    return this.prefetch<T>(key, accepts)();
  }

  /**
   * peek() in two steps, for a caller with a check to make first: the GET is sent now, alongside the caller's own
   * work, and the returned function decodes and counts it. A prefetch never taken counts nothing and never rejects.
   */
  prefetch<T = unknown>(key: string, accepts?: (cached: unknown) => boolean): () => Promise<T | null> {
    const fetched = this.store.get(key).catch(() => null);
    return async () => {
      const raw = await fetched;
      const value = raw === null ? UNREADABLE : this.decodeShared(key, raw, accepts);
      if (value === UNREADABLE) return null;
      this.counters.hits += 1;
      return value as T;
    };
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    let raw: string | null;
    try {
      raw = await this.store.get(key);
    } catch (error) {
      return this.degrade(error, null);
    }
    const value = raw === null ? UNREADABLE : this.decode(key, raw);
    if (value === UNREADABLE) {
      this.counters.misses += 1;
      return null;
    }
    this.counters.hits += 1;
    return value as T;
  }

  /** Stores a JSON value for ttlSeconds (default CACHE_DEFAULT_TTL_SECONDS). False when the cache is unavailable. */
  async set(key: string, value: unknown, ttlSeconds: number = this.defaultTtlSeconds): Promise<boolean> {
    const ttlMs = toTtlMs(ttlSeconds);
    const encoded = encodeValue(value);
    return this.attempt(async () => {
      await this.store.set(key, encoded, ttlMs);
      return true;
    }, false);
  }

  /** True once the keys are gone (whether or not they existed); false when the cache could not be reached. */
  async delete(keyOrKeys: string | readonly string[]): Promise<boolean> {
    const keys = typeof keyOrKeys === "string" ? [keyOrKeys] : keyOrKeys;
    this.memo.forget(keys);
    return this.attempt(async () => {
      await this.store.delete(keys);
      return true;
    }, false);
  }

  async exists(key: string): Promise<boolean> {
    return this.attempt(() => this.store.exists(key), false);
  }

  /** Sets a new time to live. False when the key does not exist or the cache is unavailable. */
  async expire(key: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = toTtlMs(ttlSeconds);
    return this.attempt(() => this.store.expire(key, ttlMs), false);
  }

  /** Seconds left (rounded up), -1 for no expiry, -2 for a missing key (and when the cache is unavailable). */
  async ttl(key: string): Promise<number> {
    const ms = await this.attempt(() => this.store.ttl(key), -2);
    return ms < 0 ? ms : Math.ceil(ms / 1000);
  }

  /**
   * Adds `by` to an integer counter (created at 0) and returns the new value, or null when the cache is
   * unavailable. With ttlSeconds the counter expires that long after it was created (a fixed window for rate limits).
   */
  async increment(key: string, by = 1, ttlSeconds?: number): Promise<number | null> {
    const ttlMs = ttlSeconds === undefined ? undefined : toTtlMs(ttlSeconds);
    const step = checkInteger(by);
    return this.attempt(() => this.store.incrBy(key, step, ttlMs), null);
  }

  async decrement(key: string, by = 1, ttlSeconds?: number): Promise<number | null> {
    return this.increment(key, -checkInteger(by), ttlSeconds);
  }

  /** Keys matching a Redis glob (relative to the key prefix), found with SCAN, never KEYS. [] when unavailable. */
  async keys(pattern: string): Promise<string[]> {
    return this.attempt(async () => {
      const found = new Set<string>();
      for await (const page of this.store.scan(pattern)) for (const key of page) found.add(key);
      return [...found];
    }, []);
  }

  /** Deletes every key matching the glob, one SCAN page at a time. Number deleted, or null if the cache failed. */
  async deletePattern(pattern: string): Promise<number | null> {
    return this.attempt(async () => {
      let deleted = 0;
      for await (const page of this.store.scan(pattern)) deleted += await this.store.delete(page);
      return deleted;
    }, null);
  }

  async hget<T = unknown>(key: string, field: string): Promise<T | null> {
    const raw = await this.attempt(() => this.store.hget(key, field), null);
    if (raw === null) return null;
    const value = this.decode(key, raw);
    return value === UNREADABLE ? null : (value as T);
  }

  /** Sets one field or several; returns how many fields were new, or null when the cache is unavailable. */
  async hset(key: string, field: string, value: unknown): Promise<number | null>;
  async hset(key: string, fields: Readonly<Record<string, unknown>>): Promise<number | null>;
  async hset(key: string, fieldOrFields: string | Readonly<Record<string, unknown>>, value?: unknown): Promise<number | null> {
    const fields = typeof fieldOrFields === "string" ? { [fieldOrFields]: value } : fieldOrFields;
    const encoded = Object.fromEntries(Object.entries(fields).map(([field, fieldValue]) => [field, encodeValue(fieldValue)]));
    return this.attempt(() => this.store.hset(key, encoded), null);
  }

  async hgetall<T = unknown>(key: string): Promise<Record<string, T>> {
    const raw = await this.attempt(() => this.store.hgetall(key), {});
    const result: Record<string, T> = {};
    for (const [field, text] of Object.entries(raw)) {
      const value = this.decode(key, text);
      if (value !== UNREADABLE) result[field] = value as T;
    }
    return result;
  }

  async hdel(key: string, fields: string | readonly string[]): Promise<number | null> {
    return this.attempt(() => this.store.hdel(key, typeof fields === "string" ? [fields] : fields), null);
  }

  /** Pushes onto the head (the last value ends up first); new length, or null when the cache is unavailable. */
  async lpush(key: string, ...values: unknown[]): Promise<number | null> {
    const encoded = values.map((value) => encodeValue(value));
    return this.attempt(() => this.store.lpush(key, encoded), null);
  }

  /** Appends to the tail; new length, or null when the cache is unavailable. */
  async rpush(key: string, ...values: unknown[]): Promise<number | null> {
    const encoded = values.map((value) => encodeValue(value));
    return this.attempt(() => this.store.rpush(key, encoded), null);
  }

  /** Elements start..stop inclusive; negative indexes count from the end. The whole list by default. */
  async lrange<T = unknown>(key: string, start = 0, stop = -1): Promise<T[]> {
    const raw = await this.attempt(() => this.store.lrange(key, start, stop), []);
    const result: T[] = [];
    for (const text of raw) {
      const value = this.decode(key, text);
      if (value !== UNREADABLE) result.push(value as T);
    }
    return result;
  }

  async llen(key: string): Promise<number> {
    return this.attempt(() => this.store.llen(key), 0);
  }

  /** Adds members; how many were new, or null when the cache is unavailable. */
  async sadd(key: string, ...members: string[]): Promise<number | null> {
    return this.attempt(() => this.store.sadd(key, members), null);
  }

  async smembers(key: string): Promise<string[]> {
    return this.attempt(() => this.store.smembers(key), []);
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return this.attempt(() => this.store.sismember(key, member), false);
  }

  /** Removes members; how many were there, or null when the cache is unavailable. */
  async srem(key: string, ...members: string[]): Promise<number | null> {
    return this.attempt(() => this.store.srem(key, members), null);
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async readThrough<T>(key: string, ttlMs: number, load: () => Promise<T>, accepts?: (cached: unknown) => boolean): Promise<T> {
    let reachable = true;
    try {
      const raw = await this.store.get(key);
      // An entry an earlier release wrote may lack what this one reads: the caller may refuse it, and it is reloaded.
      const value = raw === null ? UNREADABLE : this.decodeShared(key, raw, accepts);
      if (value !== UNREADABLE) {
        this.counters.hits += 1;
        return value as T;
      }
      this.counters.misses += 1;
    } catch (error) {
      this.fallBack(error, "get");
      reachable = false;
    }
    const value = await load();
    // After a failed read, skip the write: it would most likely fail too, after another command timeout.
    if (reachable && value !== null && value !== undefined) {
      try {
        await this.store.set(key, encodeValue(value), ttlMs);
      } catch (error) {
        this.fallBack(error, "set");
      }
    }
    return value;
  }

  /** Runs a store operation; if the store is unavailable, counts a fallback and returns `fallback` instead. */
  private async attempt<T, F>(operation: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await operation();
    } catch (error) {
      return this.degrade(error, fallback);
    }
  }

  private degrade<F>(error: unknown, fallback: F): F {
    if (!(error instanceof CacheUnavailableError)) throw error;
    this.counters.fallbacks += 1;
    return fallback;
  }

  /** For cached(): every cache failure falls back, but anything other than an outage is a bug worth logging. */
  private fallBack(error: unknown, operation: string): void {
    this.counters.fallbacks += 1;
    if (error instanceof CacheUnavailableError) return;
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error({ operation, err: message }, "cache operation failed; value served without the cache");
  }

  /** A cache-aside value through the memo, or UNREADABLE when it cannot be decoded or `accepts` refuses it. */
  private decodeShared(key: string, raw: string, accepts: ((cached: unknown) => boolean) | undefined): unknown {
    const entry = this.memo.decode(key, raw, (text) => this.decode(key, text));
    if (entry.value === UNREADABLE || !DecodedMemo.accepts(entry, accepts)) return UNREADABLE;
    return entry.value;
  }

  private decode(key: string, raw: string): unknown {
    try {
      return decodeValue(raw);
    } catch {
      // Written by something else, or truncated. Log the kind of key only: ids in keys are not for logs.
      this.logger.warn({ keyKind: key.split(":")[0] }, "unreadable cache entry treated as a miss");
      return UNREADABLE;
    }
  }
}
