import type { ConnectionOptions } from "node:tls";
import { Cluster, type Redis } from "ioredis";
import { CacheCommandError, CacheUnavailableError } from "@/lib/cache/errors";
import { escapeGlob } from "@/lib/cache/glob";
import { groupBySlot } from "@/lib/cache/hash-tag";
import { consoleCacheLogger, type CacheLogger } from "@/lib/cache/logger";
import { createRedisClient, type RedisEndpoint } from "@/lib/cache/redis-client";
import { humanBytes, infoNumber, parseRedisInfo } from "@/lib/cache/redis-info";
import { SCAN_PAGE_SIZE, type CacheStore, type StoreDiagnostics } from "@/lib/cache/store";

export type RedisStoreOptions = RedisEndpoint & {
  /** Prepended to every key and SCAN pattern, e.g. "meridian:"; several apps or test files can share one Redis. */
  keyPrefix: string;
  /** A command that has no answer after this long fails, and the caller falls back to PostgreSQL. */
  commandTimeoutMs: number;
  connectTimeoutMs?: number;
  /** SCAN COUNT hint. */
  scanPageSize?: number;
  logger?: CacheLogger;
  /** node:tls options of rediss:// servers (e.g. a private CA); the server's certificate and name are verified either way. */
  tls?: ConnectionOptions;
};

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
  private readonly client: Redis | Cluster;
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
    this.client = createRedisClient(options, { commandTimeoutMs: options.commandTimeoutMs, connectTimeoutMs: this.connectTimeoutMs, ...(options.tls ? { tls: options.tls } : {}) });
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
    const prefixed = keys.map((key) => this.k(key));
    // UNLINK frees memory in the background, so dropping a large aggregate does not stall the server.
    if (!(this.client instanceof Cluster)) return this.run(() => this.client.unlink(...prefixed));
    // A cluster refuses keys of different slots in one command (CROSSSLOT): one UNLINK per slot, all sent at once.
    const cluster = this.client;
    const counts = await this.run(() => Promise.all(groupBySlot(prefixed).map((group) => cluster.unlink(...group))));
    return counts.reduce((sum, count) => sum + count, 0);
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
    // SCAN walks one server's keys: on a cluster, walk every master, each holding its share of the slots.
    for (const server of this.servers()) {
      let cursor = "0";
      do {
        const [next, keys] = await this.run(() => server.scan(cursor, "MATCH", match, "COUNT", this.scanPageSize));
        cursor = next;
        if (keys.length > 0) yield keys.map((key) => key.slice(this.prefix.length));
      } while (cursor !== "0");
    }
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
    await this.run(() => Promise.all(this.servers().map((server) => server.ping())));
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
    const replies = await this.run(() => Promise.all(this.servers().map((server) => Promise.all([server.info(), server.dbsize()]))));
    const servers = replies.map(([info, keyCount]) => ({ fields: parseRedisInfo(info), keyCount }));
    const [first] = servers;
    if (servers.length === 1 && first) {
      const { fields, keyCount } = first;
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
    // A cluster: the masters' figures added up (memory peaks too, though each master peaked at its own time).
    const total = (field: string) => servers.reduce((sum, { fields }) => sum + infoNumber(fields, field), 0);
    const usedMemory = total("used_memory");
    const usedMemoryPeak = total("used_memory_peak");
    return {
      backend: "redis",
      version: first?.fields.redis_version ?? "unknown",
      usedMemory: { bytes: usedMemory, human: humanBytes(usedMemory) },
      usedMemoryPeak: { bytes: usedMemoryPeak, human: humanBytes(usedMemoryPeak) },
      keyCount: servers.reduce((sum, { keyCount }) => sum + keyCount, 0),
      hits: total("keyspace_hits"),
      misses: total("keyspace_misses"),
      connectedClients: total("connected_clients"),
      opsPerSecond: total("instantaneous_ops_per_sec"),
      evictions: total("evicted_keys"),
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

  /**
   * The servers holding this store's keys: the one server (or sentinel-managed master), or every master of a
   * cluster. A cluster that has not loaded its slot map yet lists none; the cluster client itself then stands in,
   * so the command fails at once ("Cluster isn't ready") like any command sent during an outage.
   */
  private servers(): (Redis | Cluster)[] {
    if (!(this.client instanceof Cluster)) return [this.client];
    const masters = this.client.nodes("master");
    return masters.length > 0 ? masters : [this.client];
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
