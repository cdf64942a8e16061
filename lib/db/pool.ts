import pg from "pg";
import { isConnectionFailure } from "@/lib/db/connection-failure";
import type { Env } from "@/lib/env";

export interface PoolCounters {
  acquisitions: number;
  waits: number;
  timeouts: number;
  errors: number;
  /** Connections found dead by the pre-ping and replaced. */
  deadConnections: number;
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

/** When a reused connection is checked with a ping before it is handed out (the specification's pool_pre_ping). */
export interface PrePing {
  /** Ping connections that sat idle at least this long; 0 pings every reused connection. */
  afterIdleMs: number;
  /** A ping unanswered for this long means the connection is dead (a server or network that went silent). */
  timeoutMs: number;
}

/**
 * A connection reused within a second skips the ping: it answered a moment ago, and a ping costs a round trip per
 * checkout (the README's pool section has the figures). Connections the server ended while idle are dropped by
 * node-postgres when their notice arrives, and a read that meets one in the meantime runs again (retrying-adapter.ts).
 */
export const DEFAULT_PRE_PING: PrePing = { afterIdleMs: 1000, timeoutMs: 2000 };

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * pg.Pool that checks a connection before handing it out and counts acquisitions, waits for a free connection,
 * acquisition timeouts and dead connections for the dashboard. A reused connection is pinged when it sat idle for a
 * while, or when the pool has seen a connection die since it was last used (a restart or a mass termination ends
 * them all); a dead one is closed and the checkout moves on to the next, or to a fresh connection.
 */
export class InstrumentedPool extends pg.Pool {
  readonly counters: PoolCounters = { acquisitions: 0, waits: 0, timeouts: 0, errors: 0, deadConnections: 0 };
  private readonly lastReleasedAt = new WeakMap<pg.PoolClient, number>();
  private lastConnectionFailureAt = 0;

  constructor(
    config: pg.PoolConfig,
    private readonly prePing: PrePing = DEFAULT_PRE_PING,
  ) {
    super(config);
    this.on("error", () => {
      this.counters.errors += 1;
      this.lastConnectionFailureAt = Date.now();
    });
    // The server can end a connection while it is checked out (a restart, an administrator): node-postgres then
    // emits "error" on that client, which would end the process unheard. The client is left unqueryable, so its
    // next statement fails, and released it is closed rather than reused.
    this.on("connect", (client: pg.PoolClient) => {
      client.on("error", () => {
        this.lastConnectionFailureAt = Date.now();
      });
    });
    this.on("release", (error: Error | undefined, client: pg.PoolClient) => {
      this.lastReleasedAt.set(client, Date.now());
      if (error && isConnectionFailure(error)) this.lastConnectionFailureAt = Date.now();
    });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    this.counters.acquisitions += 1;
    if (this.idleCount === 0 && this.totalCount >= (this.options.max ?? 10)) this.counters.waits += 1;
    const checkout = this.checkout();
    if (!callback) return checkout;
    checkout.then(
      (client) => callback(undefined, client, (release) => client.release(release instanceof Error ? release : Boolean(release))),
      (error: unknown) => callback(asError(error), undefined, () => undefined),
    );
  }

  private async checkout(): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt += 1) {
      const client = await super.connect().catch((error: unknown) => {
        if (error instanceof Error && error.message.includes(TIMEOUT_MESSAGE)) this.counters.timeouts += 1;
        throw error;
      });
      const failure = this.needsPing(client) ? await this.ping(client) : null;
      if (!failure) return client;
      this.counters.deadConnections += 1;
      this.lastConnectionFailureAt = Date.now();
      client.release(failure);
      // Every connection in the pool can be dead at once; past that many, the database itself is the problem.
      if (attempt >= (this.options.max ?? 10)) throw failure;
    }
  }

  private needsPing(client: pg.PoolClient): boolean {
    const releasedAt = this.lastReleasedAt.get(client);
    if (releasedAt === undefined) return false; // just connected
    return Date.now() - releasedAt >= this.prePing.afterIdleMs || releasedAt <= this.lastConnectionFailureAt;
  }

  /** null when the connection answered, else why it is considered dead. */
  private async ping(client: pg.PoolClient): Promise<Error | null> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<Error>((resolve) => {
      timer = setTimeout(() => resolve(new Error(`no answer to the pre-ping within ${this.prePing.timeoutMs} ms`)), this.prePing.timeoutMs);
    });
    try {
      return await Promise.race([client.query("SELECT 1").then(() => null, asError), silence]);
    } finally {
      clearTimeout(timer);
    }
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
> &
  Partial<Pick<Env, "DIRECT_DATABASE_URL">>;

/** DATABASE_URL is a transaction pooler (PgBouncer) when a different DIRECT_DATABASE_URL reaches PostgreSQL itself. */
export function behindPooler(e: Pick<PoolEnv, "DATABASE_URL" | "DIRECT_DATABASE_URL">): boolean {
  return e.DIRECT_DATABASE_URL !== undefined && e.DIRECT_DATABASE_URL !== e.DATABASE_URL;
}

/**
 * The specification's pool: `pool_size` connections kept open (min), `max_overflow` more on demand (released
 * when idle), connections recycled after an hour, a bounded wait for a connection and a statement timeout.
 * Behind a transaction pooler the statement timeout is the pooler's to set (pgbouncer.ini's connect_query): a
 * session setting sent at connection start cannot follow a client from one server connection to the next, and
 * PgBouncer refuses such a start ("unsupported startup parameter: statement_timeout").
 */
export function poolConfig(e: PoolEnv): pg.PoolConfig {
  return {
    connectionString: e.DATABASE_URL,
    min: e.DATABASE_POOL_SIZE,
    max: e.DATABASE_POOL_SIZE + e.DATABASE_POOL_MAX_OVERFLOW,
    idleTimeoutMillis: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: e.DATABASE_POOL_TIMEOUT_MS,
    maxLifetimeSeconds: e.DATABASE_POOL_RECYCLE_SECONDS,
    ...(behindPooler(e) ? {} : { statement_timeout: e.DATABASE_STATEMENT_TIMEOUT_MS }),
    application_name: "meridian",
  };
}

type ReplicaPoolEnv = Pick<
  Env,
  | "DATABASE_REPLICA_POOL_SIZE"
  | "DATABASE_REPLICA_POOL_MAX_OVERFLOW"
  | "DATABASE_REPLICA_TIMEOUT_MS"
  | "DATABASE_POOL_IDLE_TIMEOUT_MS"
  | "DATABASE_POOL_RECYCLE_SECONDS"
  | "DATABASE_STATEMENT_TIMEOUT_MS"
>;

/**
 * One read replica's pool: its own sizes, and a short wait for a connection, since a replica that cannot serve in
 * time hands the read to the primary (lib/db/replicas.ts). Every transaction is read-only from the connection's
 * start, so a replica URL that reaches a primary by mistake cannot be written through. The URL must reach
 * PostgreSQL itself: a transaction pooler refuses these startup settings.
 */
export function replicaPoolConfig(url: string, e: ReplicaPoolEnv): pg.PoolConfig {
  return {
    connectionString: url,
    min: e.DATABASE_REPLICA_POOL_SIZE,
    max: Math.max(1, e.DATABASE_REPLICA_POOL_SIZE + e.DATABASE_REPLICA_POOL_MAX_OVERFLOW),
    idleTimeoutMillis: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
    connectionTimeoutMillis: e.DATABASE_REPLICA_TIMEOUT_MS,
    maxLifetimeSeconds: e.DATABASE_POOL_RECYCLE_SECONDS,
    statement_timeout: e.DATABASE_STATEMENT_TIMEOUT_MS,
    options: "-c default_transaction_read_only=on",
    application_name: "meridian",
  };
}
