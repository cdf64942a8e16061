import type { ConnectionOptions } from "node:tls";
import { Redis } from "ioredis";
import { CacheCommandError, CacheUnavailableError } from "@/lib/cache/errors";
import { escapeGlob } from "@/lib/cache/glob";
import { consoleCacheLogger, type CacheLogger } from "@/lib/cache/logger";
import { infoNumber, parseRedisInfo } from "@/lib/cache/redis-info";
import { SCAN_PAGE_SIZE, type CacheStore, type StoreDiagnostics } from "@/lib/cache/store";

export interface RedisStoreOptions {
  url: string;
  /** Prepended to every key and SCAN pattern, e.g. "meridian:"; several apps or test files can share one Redis. */
  keyPrefix: string;
  /** A command that has no answer after this long fails, and the caller falls back to PostgreSQL. */
  commandTimeoutMs: number;
  connectTimeoutMs?: number;
  /** SCAN COUNT hint. */
  scanPageSize?: number;
  logger?: CacheLogger;
  /** node:tls options of a rediss:// URL (e.g. a private CA); the server's certificate and name are verified either way. */
  tls?: ConnectionOptions;
}

/**
 * Server replies that mean the command was wrong for the data: a bug worth raising. Every other failure
 * (refused connection, timeout, LOADING, READONLY after a failover, OOM, auth…) means "no cache right now".
 */
const COMMAND_ERROR = /^(WRONGTYPE|ERR (value is not an integer|increment or decrement would overflow|syntax error|invalid expire))/;

function toCacheError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === "ReplyError" && COMMAND_ERROR.test(message)) {
    return new CacheCommandError(message, { cause: error });
  }
  return new CacheUnavailableError(`Redis unavailable: ${message}`, { cause: error });
}

export class RedisStore implements CacheStore {
  readonly backend = "redis" as const;
  private readonly client: Redis;
  private readonly connectTimeoutMs: number;
  private readonly prefix: string;
  private readonly scanPageSize: number;
  private readonly logger: CacheLogger;
  private outage = false;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix;
    this.scanPageSize = options.scanPageSize ?? SCAN_PAGE_SIZE;
    this.logger = options.logger ?? consoleCacheLogger;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    // The prefix is applied here rather than with ioredis' keyPrefix: keyPrefix is not applied to SCAN MATCH
    // patterns and is not stripped from the keys SCAN returns, so keys() and deletePattern() would both be wrong.
    this.client = new Redis(options.url, {
      // RESP2: replies have the same shapes on every Redis-compatible server and proxy, with no HELLO round trip.
      // (hgetall returns a plain object under both protocols; checked with ioredis 6.0.0.)
      protocol: 2,
      // Fail at once while disconnected instead of queueing: a cache read that waits is worse than a miss.
      enableOfflineQueue: false,
      // Do not replay a command after a reconnect; the caller has already fallen back to the database.
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs,
      connectTimeout: this.connectTimeoutMs,
      // Keep trying, at most every 2 s, so the cache comes back soon after Redis does.
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
      lazyConnect: false,
      connectionName: "meridian-cache",
      ...(options.tls ? { tls: options.tls } : {}),
    });
    // Without a listener ioredis prints every failed reconnect; log the start and the end of an outage instead.
    this.client.on("error", (error: Error) => {
      if (this.outage) return;
      this.outage = true;
      this.logger.warn({ err: error.message }, "redis cache unavailable, reads fall through to the database");
    });
    this.client.on("ready", () => {
      if (!this.outage) return;
      this.outage = false;
      this.logger.info({}, "redis cache available again");
    });
  }

  async get(key: string): Promise<string | null> {
    return this.run(() => this.client.get(this.k(key)));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run(() => this.client.set(this.k(key), value, "PX", ttlMs));
  }

  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    // UNLINK frees memory in the background, so dropping a large aggregate does not stall the server.
    return this.run(() => this.client.unlink(...keys.map((key) => this.k(key))));
  }

  async exists(key: string): Promise<boolean> {
    return (await this.run(() => this.client.exists(this.k(key)))) === 1;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    return (await this.run(() => this.client.pexpire(this.k(key), ttlMs))) === 1;
  }

  async ttl(key: string): Promise<number> {
    return this.run(() => this.client.pttl(this.k(key)));
  }

  async incrBy(key: string, by: number, ttlMs?: number): Promise<number> {
    if (ttlMs === undefined) return this.run(() => this.client.incrby(this.k(key), by));
    // One MULTI so a counter never exists without its expiry (a rate-limit key that never expires locks a user
    // out for good). PEXPIRE NX keeps the first window's deadline on later increments; it needs Redis >= 7.0.
    const replies = await this.run(() => this.client.multi().incrby(this.k(key), by).pexpire(this.k(key), ttlMs, "NX").exec());
    const [increment] = replies ?? [];
    if (!increment) throw new CacheUnavailableError("Redis unavailable: transaction aborted");
    const [error, value] = increment;
    if (error) throw toCacheError(error);
    return Number(value);
  }

  async *scan(pattern: string): AsyncIterable<string[]> {
    const match = escapeGlob(this.prefix) + pattern;
    let cursor = "0";
    do {
      const [next, keys] = await this.run(() => this.client.scan(cursor, "MATCH", match, "COUNT", this.scanPageSize));
      cursor = next;
      if (keys.length > 0) yield keys.map((key) => key.slice(this.prefix.length));
    } while (cursor !== "0");
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.run(() => this.client.hget(this.k(key), field));
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    if (Object.keys(fields).length === 0) return 0;
    return this.run(() => this.client.hset(this.k(key), fields));
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.run(() => this.client.hgetall(this.k(key)));
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    if (fields.length === 0) return 0;
    return this.run(() => this.client.hdel(this.k(key), ...fields));
  }

  async lpush(key: string, values: readonly string[]): Promise<number> {
    if (values.length === 0) return this.llen(key);
    return this.run(() => this.client.lpush(this.k(key), ...values));
  }

  async rpush(key: string, values: readonly string[]): Promise<number> {
    if (values.length === 0) return this.llen(key);
    return this.run(() => this.client.rpush(this.k(key), ...values));
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.run(() => this.client.lrange(this.k(key), start, stop));
  }

  async llen(key: string): Promise<number> {
    return this.run(() => this.client.llen(this.k(key)));
  }

  async sadd(key: string, members: readonly string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run(() => this.client.sadd(this.k(key), ...members));
  }

  async smembers(key: string): Promise<string[]> {
    return this.run(() => this.client.smembers(this.k(key)));
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return (await this.run(() => this.client.sismember(this.k(key), member))) === 1;
  }

  async srem(key: string, members: readonly string[]): Promise<number> {
    if (members.length === 0) return 0;
    return this.run(() => this.client.srem(this.k(key), ...members));
  }

  async ping(): Promise<void> {
    // A health check right after start-up waits for the first connection instead of reporting an outage.
    if (this.client.status === "connecting" || this.client.status === "connect") await this.firstConnection();
    await this.run(() => this.client.ping());
  }

  private firstConnection(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off("ready", done);
        this.client.off("error", done);
        resolve();
      };
      const timer = setTimeout(done, this.connectTimeoutMs);
      this.client.once("ready", done);
      this.client.once("error", done);
    });
  }

  async diagnostics(): Promise<StoreDiagnostics> {
    const [info, keyCount] = await this.run(() => Promise.all([this.client.info(), this.client.dbsize()]));
    const fields = parseRedisInfo(info);
    return {
      backend: "redis",
      version: fields.redis_version ?? "unknown",
      usedMemory: { bytes: infoNumber(fields, "used_memory"), human: fields.used_memory_human ?? "unknown" },
      usedMemoryPeak: { bytes: infoNumber(fields, "used_memory_peak"), human: fields.used_memory_peak_human ?? "unknown" },
      keyCount,
      hits: infoNumber(fields, "keyspace_hits"),
      misses: infoNumber(fields, "keyspace_misses"),
      connectedClients: infoNumber(fields, "connected_clients"),
      opsPerSecond: infoNumber(fields, "instantaneous_ops_per_sec"),
      evictions: infoNumber(fields, "evicted_keys"),
    };
  }

  async close(): Promise<void> {
    if (this.client.status === "end") return;
    if (this.client.status === "ready") {
      try {
        // QUIT lets replies already on the wire arrive before the socket closes.
        await this.client.quit();
        return;
      } catch {
        // Fall through to a hard disconnect.
      }
    }
    this.client.disconnect();
  }

  private k(key: string): string {
    return this.prefix + key;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw toCacheError(error);
    }
  }
}
