import "server-only";
import { CHECKPOINT_COLUMNS, checkpointSignatureValid, signCheckpoint, signedFieldsOf, type CheckpointRow } from "@/lib/audit/checkpoints";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RotationBatch, RotationTarget } from "@/lib/secrets/rotation";

// `keys rotate` re-signs each audit checkpoint not yet signed with the newest key, so the key that signed it can leave
// ENCRYPTION_KEYS without `audit verify` failing. A checkpoint is re-signed only after its current signature verifies
// under its own key: rotation never launders a forged or edited checkpoint, it stops there instead. The table's
// trigger lets only key_id and signature change.

async function usage(): Promise<Record<string, number>> {
  const { rows } = await dbPool().query<{ key_id: string; count: string }>("SELECT key_id, count(*) AS count FROM audit_checkpoints GROUP BY 1 ORDER BY 1");
  return Object.fromEntries(rows.map((row) => [row.key_id, Number(row.count)]));
}

async function countStale(keyId: string): Promise<number> {
  const { rows } = await dbPool().query<{ count: string }>("SELECT count(*) AS count FROM audit_checkpoints WHERE key_id <> $1", [keyId]);
  return Number(rows[0]?.count ?? 0);
}

async function resignBatch(keyId: string, afterId: string | null, batchSize: number): Promise<RotationBatch> {
  return inSqlTransaction(dbPool(), async (run) => {
    const rows = await run<CheckpointRow>(Prisma.sql`
      SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c
      WHERE c.key_id <> ${keyId} AND (${afterId}::bigint IS NULL OR c.id > ${afterId}::bigint)
      ORDER BY c.id LIMIT ${batchSize} FOR UPDATE`);
    if (rows.length === 0) return { lastId: null, rotated: 0, skipped: 0 };
    const values = rows.map((row) => {
      const fields = signedFieldsOf(row);
      if (!checkpointSignatureValid({ ...fields, keyId: row.key_id, signature: row.signature })) {
        throw new AppError(
          "CONFLICT",
          `Audit checkpoint ${row.id} does not verify under its key ${row.key_id} (not in ENCRYPTION_KEYS, or the checkpoint was altered). ` +
            "Rotation stopped there; run audit verify, and keep that key configured",
        );
      }
      const signed = signCheckpoint(fields);
      return Prisma.sql`(${row.id}::bigint, ${signed.keyId}, ${signed.signature})`;
    });
    const updated = await run<{ id: string }>(Prisma.sql`
      UPDATE audit_checkpoints AS target SET key_id = fresh.key_id, signature = fresh.signature
      FROM (VALUES ${Prisma.join(values)}) AS fresh(id, key_id, signature)
      WHERE target.id = fresh.id
      RETURNING target.id`);
    return { lastId: rows[rows.length - 1]?.id ?? null, rotated: updated.length, skipped: 0 };
  });
}

export const checkpointRotation: RotationTarget = {
  label: "audit checkpoints",
  usage,
  countStale,
  batch: resignBatch,
};
