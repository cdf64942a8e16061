import "server-only";
import type pg from "pg";
import type { Actor } from "@/lib/audit/context";
import { recordAudit, type AuditEntry } from "@/lib/audit/writer";
import { dbPool, dbReplicas } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/connection-failure";
import { positionToRead } from "@/lib/db/read-your-writes";
import { replicaCouldNotServe, type Replica } from "@/lib/db/replicas";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";

// Search, reports, dashboards and audit review read from a replica when DATABASE_REPLICA_URLS names one that is up,
// close enough behind the primary, and has replayed the reader's own last write (lib/db/read-your-writes.ts);
// otherwise, and without replicas, from the primary exactly as before. Writes and audit rows always go to the primary.

/** The replica this actor's read may use now, or null for the primary. */
async function replicaFor(actor: Actor): Promise<Replica | null> {
  const replicas = dbReplicas();
  if (!replicas) return null;
  const position = await positionToRead(actor);
  return position === null ? null : replicas.pick(position);
}

/**
 * `onReplica` on a replica that may serve this actor, else `onPrimary`. A read the replica could not serve (it went
 * down, a recovery conflict cancelled it, its pool was full) runs once more on the primary: a read changed nothing.
 */
async function routed<T>(actor: Actor, onReplica: (pool: pg.Pool) => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
  const replica = await replicaFor(actor);
  if (!replica) return onPrimary();
  try {
    return await onReplica(replica.pool);
  } catch (error) {
    if (!replicaCouldNotServe(error)) throw error;
    if (isDatabaseUnavailable(error)) replica.markDown();
    return onPrimary();
  }
}

/** Unaudited reads (dashboards): `work` gets the pool to query, a replica's or the primary's. */
export function withReadPool<T>(actor: Actor, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  return routed(actor, work, () => work(dbPool()));
}

/**
 * A read-only transaction on a replica that may serve this actor, else on the primary; `pool` is where it ran, for
 * reads after it that must see the same data. For reads whose audit row is committed after them (recordAudit).
 */
export function inReadTransaction<T>(actor: Actor, work: (run: SqlRunner, pool: pg.Pool) => Promise<T>): Promise<T> {
  return routed(
    actor,
    (pool) => inSqlTransaction(pool, (run) => work(run, pool)),
    () => inSqlTransaction(dbPool(), (run) => work(run, dbPool())),
  );
}

/** Notes an audit row of the read; it is committed once the read's transaction has ended (recordAudit). */
export type AuditRead = (entry: AuditEntry) => Promise<void>;

/** `work` in a read transaction on `pool`, with the audit rows it noted. */
async function readNotingAudit<T>(pool: pg.Pool, work: (run: SqlRunner, audit: AuditRead, pool: pg.Pool) => Promise<T>): Promise<{ value: T; entries: AuditEntry[] }> {
  const entries: AuditEntry[] = [];
  const value = await inSqlTransaction(pool, (run) => work(run, async (entry) => void entries.push(entry), pool));
  return { value, entries };
}

/**
 * An audited read (`work` reads with `run`, calls `audit` for its row, may use `pool` after the transaction for
 * reads that must see the same data, such as an export's later batches), on a replica that may serve this actor or
 * on the primary. Its audit rows are then committed on the primary (recordAudit's group commit, as every read of
 * patient data does) before this returns: if that fails, the caller gets the error and not the data. A read that
 * throws leaves no audit row.
 */
export async function inAuditedRead<T>(actor: Actor, work: (run: SqlRunner, audit: AuditRead, pool: pg.Pool) => Promise<T>): Promise<T> {
  const read = await routed(actor, (pool) => readNotingAudit(pool, work), () => readNotingAudit(dbPool(), work));
  for (const entry of read.entries) await recordAudit(entry);
  return read.value;
}
