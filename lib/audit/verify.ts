import "server-only";
import { db } from "@/lib/db/client";

export type ChainVerification =
  | { ok: true; rowsChecked: number; lastId: string | null; verifiedAt: Date }
  | { ok: false; rowsChecked: number; brokenAtId: string; reason: "row_altered" | "link_broken"; verifiedAt: Date };

interface BrokenRow {
  id: bigint;
  row_altered: boolean;
}

/**
 * Recomputes every row's hash in PostgreSQL (the same function the insert trigger uses) and checks each row points at
 * its predecessor's hash in the same chain lane. An edited row fails its own hash; a deleted or inserted row, or one
 * moved to another lane, breaks the next link.
 */
export async function verifyAuditChain(): Promise<ChainVerification> {
  const prisma = db();
  const verifiedAt = new Date();
  const [broken] = await prisma.$queryRaw<BrokenRow[]>`
    SELECT id, hash <> computed AS row_altered
    FROM (
      SELECT id, hash, prev_hash, audit_log_hash(t) AS computed, lag(hash) OVER (PARTITION BY chain_lane ORDER BY id) AS expected_prev
      FROM audit_logs t
    ) chain
    WHERE hash <> computed OR prev_hash IS DISTINCT FROM expected_prev
    ORDER BY id
    LIMIT 1`;
  const [summary] = await prisma.$queryRaw<{ rows: bigint; last_id: bigint | null }[]>`
    SELECT count(*) AS rows, max(id) AS last_id FROM audit_logs`;
  const rowsChecked = Number(summary?.rows ?? 0);
  if (broken) {
    return { ok: false, rowsChecked, brokenAtId: broken.id.toString(), reason: broken.row_altered ? "row_altered" : "link_broken", verifiedAt };
  }
  return { ok: true, rowsChecked, lastId: summary?.last_id?.toString() ?? null, verifiedAt };
}
