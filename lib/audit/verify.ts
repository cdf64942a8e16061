import "server-only";
import { CHECKPOINT_COLUMNS, checkpointSignatureValid, signedFieldsOf, type CheckpointRow } from "@/lib/audit/checkpoints";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

export type ChainBreak = "row_altered" | "link_broken" | "checkpoint_invalid" | "archive_mismatch";

export type ChainVerification =
  | { ok: true; rowsChecked: number; lastId: string | null; checkpoints: number; verifiedAt: Date }
  | { ok: false; rowsChecked: number; brokenAtId: string; reason: ChainBreak; checkpointId?: string; verifiedAt: Date };

type Break = { brokenAtId: string; reason: ChainBreak; checkpointId?: string };

interface BrokenRow {
  [column: string]: unknown;
  id: string;
  row_altered: boolean;
}

/**
 * Each checkpoint's signature, and per lane that each checkpoint starts where the one before it ended (its first row's
 * prev_hash is the previous checkpoint's last hash; null at the lane's start), so none was forged, edited or removed.
 */
function checkpointBreak(checkpoints: readonly CheckpointRow[]): Break | null {
  const lastOfLane = new Map<number, CheckpointRow>();
  for (const checkpoint of checkpoints) {
    const previous = lastOfLane.get(checkpoint.chain_lane);
    const signed = checkpointSignatureValid({ ...signedFieldsOf(checkpoint), keyId: checkpoint.key_id, signature: checkpoint.signature });
    const follows = previous
      ? checkpoint.first_prev_hash === previous.last_hash && BigInt(checkpoint.first_id) > BigInt(previous.last_id)
      : checkpoint.first_prev_hash === null;
    if (!signed || !follows) return { brokenAtId: checkpoint.first_id, reason: "checkpoint_invalid", checkpointId: checkpoint.id };
    lastOfLane.set(checkpoint.chain_lane, checkpoint);
  }
  return null;
}

/** Archived rows must be exactly what their checkpoint signed: count, id range, lane, first link and last hash. */
async function archiveBreak(run: SqlRunner): Promise<Break | null> {
  const [mismatch] = await run<{ id: string; first_id: string }>(Prisma.sql`
    SELECT c.id::text AS id, c.first_id::text AS first_id
    FROM audit_checkpoints c
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, min(a.id) AS lo, max(a.id) AS hi, coalesce(bool_and(a.chain_lane = c.chain_lane), true) AS same_lane,
        (array_agg(a.prev_hash ORDER BY a.id))[1] AS first_prev, (array_agg(a.hash ORDER BY a.id DESC))[1] AS last_hash
      FROM audit_log_archive a WHERE a.checkpoint_id = c.id) r
    WHERE r.n <> c.row_count OR r.lo IS DISTINCT FROM c.first_id OR r.hi IS DISTINCT FROM c.last_id OR NOT r.same_lane
      OR r.first_prev IS DISTINCT FROM c.first_prev_hash OR r.last_hash IS DISTINCT FROM c.last_hash
    ORDER BY c.first_id LIMIT 1`);
  if (mismatch) return { brokenAtId: mismatch.first_id, reason: "archive_mismatch", checkpointId: mismatch.id };
  // Each archived row against its own hash (recomputed as an audit_logs row) and its predecessor in the lane.
  const [broken] = await run<BrokenRow>(Prisma.sql`
    SELECT archive.id::text AS id, archive.hash <> archive.computed AS row_altered
    FROM (
      SELECT a.id, a.hash, a.prev_hash, audit_log_hash(jsonb_populate_record(NULL::audit_logs, to_jsonb(a))) AS computed,
        lag(a.hash) OVER (PARTITION BY a.chain_lane ORDER BY a.id) AS expected_prev
      FROM audit_log_archive a
    ) archive
    WHERE archive.hash <> archive.computed OR archive.prev_hash IS DISTINCT FROM archive.expected_prev
    ORDER BY archive.id
    LIMIT 1`);
  return broken ? { brokenAtId: broken.id, reason: broken.row_altered ? "row_altered" : "archive_mismatch" } : null;
}

/** The trail itself; each lane's first remaining row follows the lane's latest checkpoint (null if none). */
async function trailBreak(run: SqlRunner): Promise<Break | null> {
  const [broken] = await run<BrokenRow>(Prisma.sql`
    WITH heads AS (
      SELECT DISTINCT ON (chain_lane) chain_lane, last_hash FROM audit_checkpoints ORDER BY chain_lane, last_id DESC)
    SELECT chain.id::text AS id, chain.hash <> chain.computed AS row_altered
    FROM (
      SELECT id, chain_lane, hash, prev_hash, audit_log_hash(t) AS computed,
        lag(hash) OVER lane AS lagged, row_number() OVER lane AS n
      FROM audit_logs t
      WINDOW lane AS (PARTITION BY chain_lane ORDER BY id)
    ) chain
    LEFT JOIN heads ON heads.chain_lane = chain.chain_lane
    WHERE chain.hash <> chain.computed OR chain.prev_hash IS DISTINCT FROM (CASE WHEN chain.n = 1 THEN heads.last_hash ELSE chain.lagged END)
    ORDER BY chain.id
    LIMIT 1`);
  return broken ? { brokenAtId: broken.id, reason: broken.row_altered ? "row_altered" : "link_broken" } : null;
}

interface Summary {
  [column: string]: unknown;
  rows: string;
  archived: string;
  last_id: string | null;
}

/**
 * Checks the archive checkpoints (signature, succession), the archived rows against their checkpoints, then recomputes
 * every remaining row's hash in PostgreSQL (the same function the insert trigger uses) and checks each row points at
 * its predecessor's hash in the same chain lane, the first one at its lane's latest checkpoint. An edited row fails
 * its own hash; a deleted or inserted row, or one moved to another lane, breaks the next link; a forged or edited
 * checkpoint fails its signature. It reads the whole trail (10,000,000 rows: minutes), so it runs without the pool's
 * statement timeout, which is sized for requests.
 */
export async function verifyAuditChain(): Promise<ChainVerification> {
  const verifiedAt = new Date();
  return inSqlTransaction(dbPool(), async (run) => {
    await run(Prisma.sql`SET LOCAL statement_timeout = 0`);
    const checkpoints = await run<CheckpointRow>(Prisma.sql`
      SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c ORDER BY c.chain_lane, c.last_id`);
    const broken = checkpointBreak(checkpoints) ?? (await archiveBreak(run)) ?? (await trailBreak(run));
    const [summary] = await run<Summary>(Prisma.sql`
      SELECT (SELECT count(*) FROM audit_logs)::text AS rows, (SELECT count(*) FROM audit_log_archive)::text AS archived,
        (SELECT max(id) FROM audit_logs)::text AS last_id`);
    const rowsChecked = Number(summary?.rows ?? 0) + Number(summary?.archived ?? 0);
    if (broken) return { ok: false, rowsChecked, ...broken, verifiedAt };
    return { ok: true, rowsChecked, lastId: summary?.last_id ?? null, checkpoints: checkpoints.length, verifiedAt };
  });
}
