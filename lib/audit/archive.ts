import "server-only";
import { signCheckpoint, type CheckpointFields } from "@/lib/audit/checkpoints";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Moves audit rows past their retention from audit_logs to audit_log_archive, oldest first, one lane and at most
// `batchSize` rows per transaction, each range under a signed checkpoint (lib/audit/checkpoints.ts). Within a lane
// only a prefix moves (the rows before the lane's first row still within retention), so the lane's remaining chain
// starts right after the checkpoint and `audit verify` checks it from the checkpoint's hash. The append-only trigger
// lets a row go only when its copy is in the archive under such a checkpoint, in a transaction that declared itself.

/** The lock the audit_logs_chain trigger takes per lane: archiving a lane and appending to it take turns. */
const CHAIN_LOCK = 727431002;

const MAX_ID = "9223372036854775807";

const COLUMNS = Prisma.raw(
  "id, event_type, event_category, action, user_id, username, user_role, resource_type, resource_id, patient_id, patient_mrn, " +
    "ip_address, user_agent, request_method, request_path, status, status_code, duration_ms, details, timestamp, data_category, " +
    "hash, prev_hash, request_id, chain_lane, correlation_id, tx_id",
);

export interface AuditArchiveRun {
  rows: number;
  checkpoints: number;
}

/** The lanes that hold rows, found by skipping through the (chain_lane, id) index rather than reading the trail. */
async function lanes(): Promise<number[]> {
  const { rows } = await dbPool().query<{ lane: number }>(`
    WITH RECURSIVE lanes AS (
      SELECT min(chain_lane) AS lane FROM audit_logs
      UNION ALL
      SELECT (SELECT min(chain_lane) FROM audit_logs WHERE chain_lane > lanes.lane) FROM lanes WHERE lane IS NOT NULL)
    SELECT lane FROM lanes WHERE lane IS NOT NULL`);
  return rows.map((row) => row.lane);
}

/** The lane's rows that may move: those before its first row at or after the cutoff. */
function archivable(lane: number, cutoff: Date): Prisma.Sql {
  return Prisma.sql`chain_lane = ${lane} AND id < coalesce(
    (SELECT id FROM audit_logs WHERE chain_lane = ${lane} AND timestamp >= ${cutoff} ORDER BY id LIMIT 1), ${MAX_ID}::bigint)`;
}

/** How many rows archiving would move now. */
export async function countArchivableAuditRows(cutoff: Date): Promise<number> {
  let total = 0;
  for (const lane of await lanes()) {
    const statement = Prisma.sql`SELECT count(*)::int AS count FROM audit_logs WHERE ${archivable(lane, cutoff)}`;
    const { rows } = await dbPool().query<{ count: number }>(statement.text, statement.values);
    total += rows[0]?.count ?? 0;
  }
  return total;
}

interface Range {
  [column: string]: unknown;
  rows: number;
  first_id: string | null;
  last_id: string | null;
  first_prev_hash: string | null;
  last_hash: string | null;
}

async function archiveBatch(run: SqlRunner, lane: number, cutoff: Date, batchSize: number): Promise<number> {
  await run(Prisma.sql`SELECT set_config('meridian.audit_archive', 'on', true)`);
  await run(Prisma.sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK}::int, ${lane}::int)`);
  const [range] = await run<Range>(Prisma.sql`
    WITH batch AS (SELECT id, prev_hash, hash FROM audit_logs WHERE ${archivable(lane, cutoff)} ORDER BY id LIMIT ${batchSize})
    SELECT count(*)::int AS rows, min(id)::text AS first_id, max(id)::text AS last_id,
      (SELECT prev_hash FROM batch ORDER BY id LIMIT 1) AS first_prev_hash,
      (SELECT hash FROM batch ORDER BY id DESC LIMIT 1) AS last_hash
    FROM batch`);
  if (!range?.rows || !range.first_id || !range.last_id || !range.last_hash) return 0;
  const fields: CheckpointFields = {
    chainLane: lane,
    firstId: range.first_id,
    lastId: range.last_id,
    firstPrevHash: range.first_prev_hash,
    lastHash: range.last_hash,
    rowCount: range.rows,
    createdAt: new Date(),
  };
  const { keyId, signature } = signCheckpoint(fields);
  const [checkpoint] = await run<{ id: string }>(Prisma.sql`
    INSERT INTO audit_checkpoints (chain_lane, first_id, last_id, first_prev_hash, last_hash, row_count, key_id, signature, created_at)
    VALUES (${lane}, ${fields.firstId}::bigint, ${fields.lastId}::bigint, ${fields.firstPrevHash}, ${fields.lastHash}, ${fields.rowCount},
      ${keyId}, ${signature}, ${fields.createdAt})
    RETURNING id::text AS id`);
  const inRange = Prisma.sql`chain_lane = ${lane} AND id BETWEEN ${fields.firstId}::bigint AND ${fields.lastId}::bigint`;
  const copied = await run(Prisma.sql`
    INSERT INTO audit_log_archive (${COLUMNS}, checkpoint_id)
    SELECT ${COLUMNS}, ${checkpoint?.id}::bigint FROM audit_logs WHERE ${inRange} RETURNING id`);
  const removed = await run(Prisma.sql`DELETE FROM audit_logs WHERE ${inRange} RETURNING id`);
  if (copied.length !== range.rows || removed.length !== range.rows) {
    throw new Error(`Audit lane ${lane}: ${range.rows} rows to archive, ${copied.length} copied, ${removed.length} removed; nothing was archived`);
  }
  return range.rows;
}

/** Archives every lane's rows older than `cutoff`, in batches, each batch its own transaction and checkpoint. */
export async function archiveAuditRows(cutoff: Date, batchSize: number): Promise<AuditArchiveRun> {
  const result: AuditArchiveRun = { rows: 0, checkpoints: 0 };
  for (const lane of await lanes()) {
    for (;;) {
      const moved = await inSqlTransaction(dbPool(), (run) => archiveBatch(run, lane, cutoff, batchSize));
      if (moved === 0) break;
      result.rows += moved;
      result.checkpoints += 1;
      if (moved < batchSize) break;
    }
  }
  return result;
}
