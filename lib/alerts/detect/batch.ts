import "server-only";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Reading the audit trail exactly once, in (transaction id, id) order.
//
// Audit ids are drawn under a per-lane lock, but transactions commit out of id order: a row with a lower id can
// become visible after one with a higher id, so "id > last seen" would skip it. Every row carries its writing
// transaction's id (tx_id). A transaction id below the bound computed here belongs to a transaction that has
// finished, so no row with such a tx_id can still appear: the rows with tx_id below the bound, taken in
// (tx_id, id) order after the stored position, are each read once, however the writers' commits interleave.

export const CURSOR_NAME = "audit";

/**
 * The lowest transaction id that may still write audit rows in this database: the oldest in-progress transaction
 * of this database (a transaction of another database never writes here, so it does not hold detection back), or
 * the next transaction id when none is running. Must be the transaction's first statement: before it writes, it
 * has no id of its own, and the id it gets later is above the bound.
 *
 * Sessions of other roles hide their transaction id from a role without pg_read_all_stats (their state reads null):
 * with one of those in this database, the bound is the snapshot's xmin over all databases, later but as safe.
 */
export async function readBound(run: SqlRunner): Promise<bigint> {
  const [row] = await run<{ bound: string }>(Prisma.sql`
    WITH s AS (SELECT pg_current_snapshot() AS snapshot),
    here AS (SELECT backend_xid, state FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend')
    SELECT (CASE WHEN EXISTS (SELECT 1 FROM here WHERE state IS NULL) THEN pg_snapshot_xmin(snapshot)
      ELSE least(
        pg_snapshot_xmax(snapshot),
        (SELECT min(x) FROM pg_snapshot_xip(snapshot) AS x
         WHERE x::xid IN (SELECT backend_xid FROM here WHERE backend_xid IS NOT NULL
                          UNION ALL SELECT transaction FROM pg_prepared_xacts WHERE database = current_database())))
      END)::text AS bound
    FROM s`);
  if (!row) throw new Error("No transaction bound");
  return BigInt(row.bound);
}

export interface Position {
  txId: bigint;
  auditLogId: bigint;
}

/** The stored position, locked for this run: a second worker waits and then reads where this one stopped. */
export async function lockPosition(run: SqlRunner): Promise<Position> {
  await run(Prisma.sql`INSERT INTO detection_cursors (name, tx_id, audit_log_id) VALUES (${CURSOR_NAME}, 0, 0) ON CONFLICT (name) DO NOTHING`);
  const [row] = await run<{ tx_id: string; audit_log_id: string }>(Prisma.sql`
    SELECT tx_id::text, audit_log_id::text FROM detection_cursors WHERE name = ${CURSOR_NAME} FOR UPDATE`);
  if (!row) throw new Error("The detection cursor is missing");
  return { txId: BigInt(row.tx_id), auditLogId: BigInt(row.audit_log_id) };
}

export async function savePosition(run: SqlRunner, position: Position): Promise<void> {
  await run(Prisma.sql`
    UPDATE detection_cursors SET tx_id = ${position.txId}, audit_log_id = ${position.auditLogId}, updated_at = now() WHERE name = ${CURSOR_NAME}`);
}

/**
 * Copies the next rows after `from` (at most `limit`, all below `bound`) into the transaction's temporary table
 * `batch`, numbered in reading order, and returns how many there were and the position after the last.
 */
export async function loadBatch(run: SqlRunner, from: Position, bound: bigint, limit: number): Promise<{ rows: number; next: Position }> {
  // An idle trail (most minutes at night) creates no temporary table: one index probe answers.
  const [pending] = await run(Prisma.sql`
    SELECT 1 AS pending FROM audit_logs WHERE (tx_id, id) > (${from.txId}::bigint, ${from.auditLogId}::bigint) AND tx_id < ${bound}::bigint LIMIT 1`);
  if (!pending) return { rows: 0, next: from };
  await run(Prisma.sql`
    CREATE TEMP TABLE batch ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY tx_id, id) AS seq, id, tx_id, timestamp, event_type, action, user_id, username, user_role,
           resource_type, resource_id, patient_id, ip_address, status, details
    FROM (
      SELECT * FROM audit_logs
      WHERE (tx_id, id) > (${from.txId}::bigint, ${from.auditLogId}::bigint) AND tx_id < ${bound}::bigint
      ORDER BY tx_id, id
      LIMIT ${limit}
    ) AS next_rows`);
  const [last] = await run<{ rows: string; tx_id: string | null; id: string | null }>(Prisma.sql`
    SELECT (SELECT count(*) FROM batch)::text AS rows, tx_id::text, id::text FROM batch ORDER BY seq DESC LIMIT 1`);
  if (!last?.tx_id || !last.id) return { rows: 0, next: from };
  await run(Prisma.sql`ANALYZE batch`);
  return { rows: Number(last.rows), next: { txId: BigInt(last.tx_id), auditLogId: BigInt(last.id) } };
}
