import "server-only";
import type pg from "pg";
import type { Actor } from "@/lib/audit/context";
import { recordAudit, writeAuditWith, type AuditEntry } from "@/lib/audit/writer";
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

/** Records the read's audit row: in the read's own transaction on the primary, right after the read on a replica. */
export type AuditRead = (entry: AuditEntry) => Promise<void>;

/**
 * An audited read (`work` reads with `run`, calls `audit` for its row, may use `pool` after the transaction for
 * reads that must see the same data, such as an export's later batches).
 *
 * On the primary it is one transaction, read and audit row together, as every audited read was before replicas.
 * On a replica the read runs in a read-only transaction there, and its audit rows are committed on the primary
 * (recordAudit) before this returns: if that fails, the caller gets the error and not the data. A read that throws
 * leaves no audit row, as its rolled-back transaction would on the primary.
 */
export async function inAuditedRead<T>(actor: Actor, work: (run: SqlRunner, audit: AuditRead, pool: pg.Pool) => Promise<T>): Promise<T> {
  const primary = dbPool();
  const read = await routed(
    actor,
    async (pool) => {
      const entries: AuditEntry[] = [];
      const value = await inSqlTransaction(pool, (run) => work(run, async (entry) => void entries.push(entry), pool));
      return { value, entries };
    },
    async () => ({ value: await inSqlTransaction(primary, (run) => work(run, (entry) => writeAuditWith(run, entry), primary)), entries: [] }),
  );
  for (const entry of read.entries) await recordAudit(entry);
  return read.value;
}
