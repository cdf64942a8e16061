/**
 * What the CacheManager needs from a backend. Two implementations behave identically (the same test table runs
 * against both): RedisStore for real deployments and MemoryStore for the zero-config demo without REDIS_URL.
 *
 * Values are strings (the manager does the JSON), times are milliseconds (the manager speaks seconds), keys come
 * without the global prefix. Failures are reported as CacheUnavailableError (server unreachable or too slow) or
 * CacheCommandError (the command was wrong for the data, e.g. a hash read on a string key).
 */
export interface CacheStore {
  readonly backend: "redis" | "memory";

  get(key: string): Promise<string | null>;
  /** Replaces the key whatever its type, with a fresh time to live. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Number of keys that existed. */
  delete(keys: readonly string[]): Promise<number>;
  exists(key: string): Promise<boolean>;
  /** False when the key does not exist. */
  expire(key: string, ttlMs: number): Promise<boolean>;
  /** Remaining milliseconds, -1 for a key without expiry, -2 for a missing key (Redis PTTL). */
  ttl(key: string): Promise<number>;
  /** Adds `by` (may be negative) to an integer counter created at 0; `ttlMs` is applied only if the key has no expiry yet. */
  incrBy(key: string, by: number, ttlMs?: number): Promise<number>;
  /** Pages of keys matching a Redis glob, without prefix. A key may appear twice (as with SCAN); no key is missed. */
  scan(pattern: string): AsyncIterable<string[]>;

  hget(key: string, field: string): Promise<string | null>;
  /** Number of fields that were new. */
  hset(key: string, fields: Readonly<Record<string, string>>): Promise<number>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, fields: readonly string[]): Promise<number>;

  /** Length after the push. LPUSH a b c leaves c first, as in Redis. */
  lpush(key: string, values: readonly string[]): Promise<number>;
  rpush(key: string, values: readonly string[]): Promise<number>;
  /** Inclusive range; negative indexes count from the end (-1 is the last element). */
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  llen(key: string): Promise<number>;

  /** Number of members that were new. */
  sadd(key: string, members: readonly string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  sismember(key: string, member: string): Promise<boolean>;
  srem(key: string, members: readonly string[]): Promise<number>;

  ping(): Promise<void>;
  diagnostics(): Promise<StoreDiagnostics>;
  close(): Promise<void>;
}

export interface MemoryUsage {
  bytes: number;
  human: string;
}

export type StoreDiagnostics =
  | {
      backend: "redis";
      version: string;
      usedMemory: MemoryUsage;
      usedMemoryPeak: MemoryUsage;
      /** DBSIZE: every key of the database, not only this prefix (counting a prefix would mean a full SCAN). */
      keyCount: number;
      /** Server-wide keyspace_hits / keyspace_misses since the server started, across all clients. */
      hits: number;
      misses: number;
      connectedClients: number;
      /** INFO instantaneous_ops_per_sec: the server's recent command rate. */
      opsPerSecond: number;
      /** INFO evicted_keys: keys dropped under maxmemory since the server started. */
      evictions: number;
    }
  | { backend: "memory"; keyCount: number };

/** Default SCAN COUNT: enough keys per round trip without keeping the server busy for long on one call. */
export const SCAN_PAGE_SIZE = 250;
