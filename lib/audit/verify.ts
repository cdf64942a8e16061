import "server-only";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

export type ChainVerification =
  | { ok: true; rowsChecked: number; lastId: string | null; verifiedAt: Date }
  | { ok: false; rowsChecked: number; brokenAtId: string; reason: "row_altered" | "link_broken"; verifiedAt: Date };

interface BrokenRow {
  [column: string]: unknown;
  id: string;
  row_altered: boolean;
}

interface Summary {
  [column: string]: unknown;
  rows: string;
  last_id: string | null;
}

/**
 * Recomputes every row's hash in PostgreSQL (the same function the insert trigger uses) and checks each row points at
 * its predecessor's hash in the same chain lane. An edited row fails its own hash; a deleted or inserted row, or one
 * moved to another lane, breaks the next link. It reads the whole trail (10,000,000 rows: minutes), so it runs
 * without the pool's statement timeout, which is sized for requests.
 */
export async function verifyAuditChain(): Promise<ChainVerification> {
  const verifiedAt = new Date();
  return inSqlTransaction(dbPool(), async (run) => {
    await run(Prisma.sql`SET LOCAL statement_timeout = 0`);
    const [broken] = await run<BrokenRow>(Prisma.sql`
      SELECT id::text AS id, hash <> computed AS row_altered
      FROM (
        SELECT id, hash, prev_hash, audit_log_hash(t) AS computed, lag(hash) OVER (PARTITION BY chain_lane ORDER BY id) AS expected_prev
        FROM audit_logs t
      ) chain
      WHERE hash <> computed OR prev_hash IS DISTINCT FROM expected_prev
      ORDER BY id
      LIMIT 1`);
    const [summary] = await run<Summary>(Prisma.sql`SELECT count(*)::text AS rows, max(id)::text AS last_id FROM audit_logs`);
    const rowsChecked = Number(summary?.rows ?? 0);
    if (broken) {
      return { ok: false, rowsChecked, brokenAtId: broken.id, reason: broken.row_altered ? "row_altered" : "link_broken", verifiedAt };
    }
    return { ok: true, rowsChecked, lastId: summary?.last_id ?? null, verifiedAt };
  });
}
