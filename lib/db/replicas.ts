import { isDatabaseUnavailable } from "@/lib/db/connection-failure";
import { InstrumentedPool, replicaPoolConfig, type PoolStats } from "@/lib/db/pool";
import type { Env } from "@/lib/env";

// Streaming read replicas (DATABASE_REPLICA_URLS). Each has its own pool; whether it may serve a read is decided
// from its last known state, read at most every STATUS_MAX_AGE_MS: still in recovery (a replica, not a promoted
// server), how far its replay has come (a WAL position, for read-your-writes), and how far behind the primary it is.

/** A replica's state is read again after this long, so one more round trip per this many ms is all routing costs. */
export const STATUS_MAX_AGE_MS = 200;
/** A replica that did not answer is asked again (in the background) after this long; meanwhile it serves nothing. */
export const DOWN_RETRY_MS = 2000;

/**
 * Lag: none while the replica streams from the primary and has replayed all it received; otherwise the age of the
 * last transaction it replayed (the primary's commit time against the replica's clock). A replica whose replay is
 * paused or stuck behind a long conflict, or that lost its primary, thus shows a growing lag as soon as the primary
 * commits anything. (pg_stat_wal_receiver has a row while the WAL receiver runs; its pid is visible to any role.)
 */
const STATUS_STATEMENT = `
  SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed,
    CASE WHEN EXISTS (SELECT 1 FROM pg_stat_wal_receiver) AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
         ELSE (extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 END AS lag_ms`;

/** A WAL position ("16/B374D848") as a number that compares the way PostgreSQL's pg_lsn does. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new RangeError(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

export interface ReplicaStatus {
  /** False when the replica did not answer, or is no longer in recovery (promoted: it no longer follows the primary). */
  usable: boolean;
  replayed: bigint;
  /** Milliseconds behind the primary; Infinity when unknown. */
  lagMs: number;
  checkedAt: number;
}

const UNKNOWN: ReplicaStatus = { usable: false, replayed: 0n, lagMs: Number.POSITIVE_INFINITY, checkedAt: 0 };

export class Replica {
  private status: ReplicaStatus = UNKNOWN;
  private refreshing: Promise<ReplicaStatus> | null = null;

  constructor(
    readonly name: string,
    readonly pool: InstrumentedPool,
  ) {}

  /** The state to route by: fresh enough, or read now. A replica last seen down is not waited for. */
  async current(now = Date.now()): Promise<ReplicaStatus> {
    const age = now - this.status.checkedAt;
    if (!this.status.usable && this.status.checkedAt > 0) {
      if (age >= DOWN_RETRY_MS) void this.refresh();
      return this.status;
    }
    return age < STATUS_MAX_AGE_MS ? this.status : this.refresh();
  }

  /** The state routing last saw (no round trip), for the dashboard. */
  lastStatus(): ReplicaStatus {
    return this.status;
  }

  /** A read on it failed because of the replica itself: it serves nothing until it answers again. */
  markDown(): void {
    this.status = { ...UNKNOWN, checkedAt: Date.now() };
  }

  private refresh(): Promise<ReplicaStatus> {
    this.refreshing ??= this.readStatus().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async readStatus(): Promise<ReplicaStatus> {
    try {
      const { rows } = await this.pool.query<{ standby: boolean; replayed: string | null; lag_ms: number | null }>(STATUS_STATEMENT);
      const row = rows[0];
      const usable = row?.standby === true && row.replayed !== null;
      this.status = {
        usable,
        replayed: usable && row.replayed !== null ? parseLsn(row.replayed) : 0n,
        lagMs: usable ? (row.lag_ms ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
        checkedAt: Date.now(),
      };
    } catch {
      this.markDown();
    }
    return this.status;
  }
}

/** Whether a read that failed on a replica may run again on the primary: nothing it did can have taken effect. */
export function replicaCouldNotServe(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  // 40001 on a hot standby: "canceling statement due to conflict with recovery".
  if (code === "40001") return true;
  return error instanceof Error && error.message.includes("timeout exceeded when trying to connect");
}

export interface ReplicaPanelRow {
  name: string;
  pool: PoolStats;
  /** Up and within DATABASE_REPLICA_MAX_LAG_MS when last seen (its own user's writes aside). */
  serving: boolean;
  lagMs: number | null;
}

type ReplicaEnv = Parameters<typeof replicaPoolConfig>[1] & Pick<Env, "DATABASE_REPLICA_URLS" | "DATABASE_REPLICA_MAX_LAG_MS">;

/** The replicas of DATABASE_REPLICA_URLS, taken in turn. */
export class ReplicaSet {
  readonly replicas: readonly Replica[];
  private next = 0;

  constructor(private readonly e: ReplicaEnv) {
    this.replicas = e.DATABASE_REPLICA_URLS.map((url, index) => {
      const pool = new InstrumentedPool(replicaPoolConfig(url, e));
      return new Replica(`replica ${index + 1} (${new URL(url).host})`, pool);
    });
  }

  /**
   * The next replica (round robin) that is up, no more than DATABASE_REPLICA_MAX_LAG_MS behind, and has replayed
   * the WAL up to `atLeast`; null when none is: the read then goes to the primary.
   */
  async pick(atLeast: bigint): Promise<Replica | null> {
    const count = this.replicas.length;
    for (let offset = 0; offset < count; offset += 1) {
      const index = (this.next + offset) % count;
      const replica = this.replicas[index];
      if (!replica) continue;
      const status = await replica.current();
      if (status.usable && status.lagMs <= this.e.DATABASE_REPLICA_MAX_LAG_MS && status.replayed >= atLeast) {
        this.next = (index + 1) % count;
        return replica;
      }
    }
    return null;
  }

  /** Each replica's pool in this process and the state routing last saw: serving or not, and its lag. */
  stats(): ReplicaPanelRow[] {
    return this.replicas.map((replica) => {
      const status = replica.lastStatus();
      const serving = status.usable && status.lagMs <= this.e.DATABASE_REPLICA_MAX_LAG_MS;
      return { name: replica.name, pool: replica.pool.stats(), serving, lagMs: Number.isFinite(status.lagMs) ? status.lagMs : null };
    });
  }

  async end(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.pool.end()));
  }
}
