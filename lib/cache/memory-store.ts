import { CacheCommandError } from "@/lib/cache/errors";
import { globToRegExp } from "@/lib/cache/glob";
import { SCAN_PAGE_SIZE, type CacheStore, type StoreDiagnostics } from "@/lib/cache/store";

// In-process stand-in for Redis, used when REDIS_URL is unset so the app runs with zero configuration.
// It follows Redis semantics (types, expiry, empty collections disappear, error messages) so code written
// against it behaves the same on Redis. It is per process: never the backend of a multi-instance deployment.

interface DataByType {
  string: string;
  hash: Map<string, string>;
  list: string[];
  set: Set<string>;
}

type ValueType = keyof DataByType;
type DataOf<T extends ValueType> = DataByType[T];
type Value = { [T in ValueType]: { type: T; data: DataByType[T] } }[ValueType];
type Entry = Value & { expiresAt: number | null };

export interface MemoryStoreOptions {
  /** Oldest keys are dropped beyond this many, so a long-running demo cannot grow without bound. */
  maxEntries?: number;
  /** How often expired keys that nobody reads again are removed; 0 turns the timer off. */
  sweepIntervalMs?: number;
  /** Injected clock for tests. */
  now?: () => number;
}

const WRONG_TYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INTEGER = "ERR value is not an integer or out of range";
const OVERFLOW = "ERR increment or decrement would overflow";

export class MemoryStore implements CacheStore {
  readonly backend = "memory" as const;
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly sweeper: ReturnType<typeof setInterval> | null;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
    const interval = options.sweepIntervalMs ?? 60_000;
    this.sweeper = interval > 0 ? setInterval(() => this.sweep(), interval) : null;
    // The timer must not keep a script or test process alive.
    this.sweeper?.unref();
  }

  async get(key: string): Promise<string | null> {
    return this.read(key, "string") ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.write(key, { type: "string", data: value }, this.now() + ttlMs);
  }

  async delete(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const key of keys) {
      if (this.live(key) && this.entries.delete(key)) deleted += 1;
    }
    return deleted;
  }

  async exists(key: string): Promise<boolean> {
    return this.live(key) !== undefined;
  }

  async expire(key: string, ttlMs: number): Promise<boolean> {
    const entry = this.live(key);
    if (!entry) return false;
    if (ttlMs <= 0) this.entries.delete(key);
    else entry.expiresAt = this.now() + ttlMs;
    return true;
  }

  async ttl(key: string): Promise<number> {
    const entry = this.live(key);
    if (!entry) return -2;
    return entry.expiresAt === null ? -1 : entry.expiresAt - this.now();
  }

  async incrBy(key: string, by: number, ttlMs?: number): Promise<number> {
    const entry = this.live(key);
    if (entry && entry.type !== "string") throw new CacheCommandError(WRONG_TYPE);
    const current = entry ? entry.data : "0";
    if (!/^-?\d+$/.test(current)) throw new CacheCommandError(NOT_INTEGER);
    const next = Number(current) + by;
    if (!Number.isSafeInteger(next)) throw new CacheCommandError(OVERFLOW);
    if (entry) {
      entry.data = String(next);
      if (ttlMs !== undefined && entry.expiresAt === null) entry.expiresAt = this.now() + ttlMs;
    } else {
      this.write(key, { type: "string", data: String(next) }, ttlMs === undefined ? null : this.now() + ttlMs);
    }
    return next;
  }

  async *scan(pattern: string): AsyncIterable<string[]> {
    const matcher = globToRegExp(pattern);
    // A snapshot, so that deleting keys while iterating (deletePattern) is safe, as it is with SCAN.
    const matching = [...this.entries.keys()].filter((key) => matcher.test(key) && this.live(key));
    for (let start = 0; start < matching.length; start += SCAN_PAGE_SIZE) {
      yield matching.slice(start, start + SCAN_PAGE_SIZE);
    }
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.read(key, "hash")?.get(field) ?? null;
  }

  async hset(key: string, fields: Readonly<Record<string, string>>): Promise<number> {
    const pairs = Object.entries(fields);
    if (pairs.length === 0) return 0;
    const hash = this.readOrCreate(key, "hash", () => new Map<string, string>());
    let added = 0;
    for (const [field, value] of pairs) {
      if (!hash.has(field)) added += 1;
      hash.set(field, value);
    }
    return added;
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.read(key, "hash") ?? []);
  }

  async hdel(key: string, fields: readonly string[]): Promise<number> {
    const hash = this.read(key, "hash");
    if (!hash) return 0;
    let removed = 0;
    for (const field of fields) if (hash.delete(field)) removed += 1;
    this.dropIfEmpty(key, hash.size);
    return removed;
  }

  async lpush(key: string, values: readonly string[]): Promise<number> {
    if (values.length === 0) return this.llen(key);
    const list = this.readOrCreate(key, "list", () => []);
    // Each value is pushed onto the head in turn, so the last argument ends up first (Redis LPUSH).
    list.unshift(...[...values].reverse());
    return list.length;
  }

  async rpush(key: string, values: readonly string[]): Promise<number> {
    if (values.length === 0) return this.llen(key);
    const list = this.readOrCreate(key, "list", () => []);
    list.push(...values);
    return list.length;
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    const list = this.read(key, "list");
    if (!list) return [];
    const length = list.length;
    const from = start < 0 ? Math.max(length + start, 0) : start;
    const to = stop < 0 ? length + stop : Math.min(stop, length - 1);
    if (from > to || from >= length) return [];
    return list.slice(from, to + 1);
  }

  async llen(key: string): Promise<number> {
    return this.read(key, "list")?.length ?? 0;
  }

  async sadd(key: string, members: readonly string[]): Promise<number> {
    if (members.length === 0) return 0;
    const set = this.readOrCreate(key, "set", () => new Set<string>());
    let added = 0;
    for (const member of members) {
      if (!set.has(member)) added += 1;
      set.add(member);
    }
    return added;
  }

  async smembers(key: string): Promise<string[]> {
    return [...(this.read(key, "set") ?? [])];
  }

  async sismember(key: string, member: string): Promise<boolean> {
    return this.read(key, "set")?.has(member) ?? false;
  }

  async srem(key: string, members: readonly string[]): Promise<number> {
    const set = this.read(key, "set");
    if (!set) return 0;
    let removed = 0;
    for (const member of members) if (set.delete(member)) removed += 1;
    this.dropIfEmpty(key, set.size);
    return removed;
  }

  async ping(): Promise<void> {}

  async diagnostics(): Promise<StoreDiagnostics> {
    this.sweep();
    return { backend: "memory", keyCount: this.entries.size };
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.entries.clear();
  }

  /** Removes every expired key now (otherwise they go when read, or at the next sweep). */
  sweep(): void {
    for (const key of this.entries.keys()) this.live(key);
  }

  /** The entry if it exists and has not expired; an expired entry is removed on the way (lazy expiry, as in Redis). */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private read<T extends ValueType>(key: string, type: T): DataOf<T> | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (entry.type !== type) throw new CacheCommandError(WRONG_TYPE);
    return entry.data as DataOf<T>;
  }

  private readOrCreate<T extends ValueType>(key: string, type: T, create: () => DataOf<T>): DataOf<T> {
    const existing = this.read(key, type);
    if (existing !== undefined) return existing;
    const data = create();
    // Collections are created without expiry, as in Redis; callers set one with expire().
    this.write(key, { type, data } as Value, null);
    return data;
  }

  private write(key: string, value: Value, expiresAt: number | null): void {
    // Deleting first moves the key to the end of the Map's insertion order, which is the eviction order.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { ...value, expiresAt } as Entry);
  }

  private evict(): void {
    this.sweep();
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) return;
      this.entries.delete(key);
    }
  }

  private dropIfEmpty(key: string, size: number): void {
    // Redis removes a hash, list or set when its last element goes; exists() must agree.
    if (size === 0) this.entries.delete(key);
  }
}
