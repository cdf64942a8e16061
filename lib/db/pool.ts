import pg from "pg";
import type { Env } from "@/lib/env";

export interface PoolCounters {
  acquisitions: number;
  waits: number;
  timeouts: number;
  errors: number;
}

export interface PoolStats extends PoolCounters {
  total: number;
  idle: number;
  inUse: number;
  waiting: number;
  min: number;
  max: number;
}

type ConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

const TIMEOUT_MESSAGE = "timeout exceeded when trying to connect";

/** pg.Pool that counts acquisitions, waits for a free connection, and acquisition timeouts for the dashboard. */
export class InstrumentedPool extends pg.Pool {
  readonly counters: PoolCounters = { acquisitions: 0, waits: 0, timeouts: 0, errors: 0 };

  constructor(config: pg.PoolConfig) {
    super(config);
    this.on("error", () => {
      this.counters.errors += 1;
    });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    this.counters.acquisitions += 1;
    if (this.idleCount === 0 && this.totalCount >= (this.options.max ?? 10)) this.counters.waits += 1;
    const countTimeout = (err: unknown) => {
      if (err instanceof Error && err.message.includes(TIMEOUT_MESSAGE)) this.counters.timeouts += 1;
    };
    if (callback) {
      super.connect((err, client, done) => {
        countTimeout(err);
        callback(err, client, done);
      });
      return;
    }
    return super.connect().catch((err: unknown) => {
      countTimeout(err);
      throw err;
    });
  }

  stats(): PoolStats {
    return {
      ...this.counters,
      total: this.totalCount,
      idle: this.idleCount,
      inUse: this.totalCount - this.idleCount,
      waiting: this.waitingCount,
      min: this.options.min ?? 0,
      max: this.options.max ?? 10,
    };
  }
}

type PoolEnv = Pick<
  Env,
  | "DATABASE_URL"
  | "DATABASE_POOL_SIZE"
  | "DATABASE_POOL_MAX_OVERFLOW"
  | "DATABASE_POOL_TIMEOUT_MS"
  | "DATABASE_POOL_IDLE_TIMEOUT_MS"
  | "DATABASE_POOL_RECYCLE_SECONDS"
  | "DATABASE_STATEMENT_TIMEOUT_MS"
>;

/**
 * The specification's pool: `pool_size` connections kept open (min), `max_overflow` more on demand (released
 * when idle), connections recycled after an hour, a bounded wait for a connection and a statement timeout.
 */
export function poolConfig(e: PoolEnv): pg.PoolConfig {
  return {
    connectionString: e.DATABASE_URL,
    min: e.DATABASE_POOL_SIZE,
    max: e.DATABASE_POOL_SIZE + e.DATABASE_POOL_MAX_OVERFLOW,
    idleTimeoutMillis: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: e.DATABASE_POOL_TIMEOUT_MS,
    maxLifetimeSeconds: e.DATABASE_POOL_RECYCLE_SECONDS,
    statement_timeout: e.DATABASE_STATEMENT_TIMEOUT_MS,
    application_name: "meridian",
  };
}
