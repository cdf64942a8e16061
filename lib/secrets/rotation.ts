import "server-only";
import { checkpointRotation } from "@/lib/audit/checkpoint-rotation";
import { recordAudit } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { type Keyring, keyring } from "@/lib/secrets/keyring";

// Re-encrypts every stored secret that is not under the newest key, and re-signs the audit checkpoints, in batches
// that each commit on their own, so a rotation can be stopped at any point and run again: rows already under the
// newest key are never selected again.
// A row is rewritten only if its ciphertext is still the one that was read; a concurrent edit (which the app seals
// with the newest key anyway) always wins.

interface SealedColumn {
  /** What the column holds, for the progress line and the summary. */
  label: string;
  table: string;
  column: string;
  keyColumn: string;
}

const SEALED_COLUMNS: readonly SealedColumn[] = [
  { label: "SSNs", table: "patients", column: "ssn_encrypted", keyColumn: "ssn_key_id" },
  { label: "connection secrets", table: "emr_connections", column: "credentials_encrypted", keyColumn: "credentials_key_id" },
];

export interface KeyUsage {
  label: string;
  /** Values per key id; "(none)" for values written before keys had ids. */
  byKey: Record<string, number>;
}

export interface RotationBatch {
  /** The last id read, or null when nothing was left. */
  lastId: string | null;
  rotated: number;
  /** Rows changed by someone else between read and rewrite. */
  skipped: number;
}

/** What `keys rotate` moves under the newest key: one batch at a time, in id order, each batch committed on its own. */
export interface RotationTarget {
  label: string;
  usage(): Promise<Record<string, number>>;
  countStale(keyId: string): Promise<number>;
  batch(keyId: string, afterId: string | null, batchSize: number): Promise<RotationBatch>;
}

export interface RotationProgress {
  label: string;
  done: number;
  total: number;
}

export interface RotationOptions {
  batchSize?: number;
  onProgress?: (progress: RotationProgress) => void;
  /** Stops between batches (what was committed stays committed); the next run continues. */
  signal?: AbortSignal;
}

export interface RotationResult {
  keyId: string;
  rotated: Record<string, number>;
  /** Rows changed by someone else between read and rewrite (already under the newest key). */
  skipped: number;
  completed: boolean;
}

const NO_KEY = "(none)";

function identifier(name: string): Prisma.Sql {
  return Prisma.raw(`"${name}"`);
}

async function usageOf(target: SealedColumn): Promise<Record<string, number>> {
  const { rows } = await dbPool().query<{ key_id: string; count: string }>(
    `SELECT COALESCE("${target.keyColumn}", '${NO_KEY}') AS key_id, count(*) AS count FROM "${target.table}"
     WHERE "${target.column}" IS NOT NULL GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.key_id, Number(row.count)]));
}

async function countStale(target: SealedColumn, keyId: string): Promise<number> {
  const { rows } = await dbPool().query<{ count: string }>(
    `SELECT count(*) AS count FROM "${target.table}" WHERE "${target.column}" IS NOT NULL AND "${target.keyColumn}" IS DISTINCT FROM $1`,
    [keyId],
  );
  return Number(rows[0]?.count ?? 0);
}

/** Opens one stored value; a failure names the row (never the value), so the operator knows where to look. */
function openStored(ring: Keyring, target: SealedColumn, id: string, sealed: string): string {
  try {
    return ring.open(sealed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("CONFLICT", `Cannot re-encrypt ${target.table}.${target.column} of row ${id}: ${reason}. Rotation stopped there; fix ENCRYPTION_KEYS and run keys rotate again`);
  }
}

/** One batch after `afterId`: read, re-seal, rewrite where unchanged. */
async function rotateBatch(target: SealedColumn, keyId: string, afterId: string | null, batchSize: number): Promise<RotationBatch> {
  const ring = keyring();
  return inSqlTransaction(dbPool(), async (run) => {
    const table = identifier(target.table);
    const column = identifier(target.column);
    const keyColumn = identifier(target.keyColumn);
    const rows = await run<{ id: string; sealed: string }>(Prisma.sql`
      SELECT id::text AS id, ${column} AS sealed FROM ${table}
      WHERE ${column} IS NOT NULL AND ${keyColumn} IS DISTINCT FROM ${keyId}
        AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
      ORDER BY id LIMIT ${batchSize}`);
    if (rows.length === 0) return { lastId: null, rotated: 0, skipped: 0 };
    const values = rows.map((row) => Prisma.sql`(${row.id}::uuid, ${row.sealed}, ${ring.seal(openStored(ring, target, row.id, row.sealed)).ciphertext})`);
    const updated = await run<{ id: string }>(Prisma.sql`
      UPDATE ${table} AS target SET ${column} = fresh.sealed, ${keyColumn} = ${keyId}
      FROM (VALUES ${Prisma.join(values)}) AS fresh(id, previous, sealed)
      WHERE target.id = fresh.id AND target.${column} = fresh.previous
      RETURNING target.id`);
    return { lastId: rows[rows.length - 1]?.id ?? null, rotated: updated.length, skipped: rows.length - updated.length };
  });
}

function sealedColumnTarget(target: SealedColumn): RotationTarget {
  return {
    label: target.label,
    usage: () => usageOf(target),
    countStale: (keyId) => countStale(target, keyId),
    batch: (keyId, afterId, batchSize) => rotateBatch(target, keyId, afterId, batchSize),
  };
}

/** Encrypted columns first, then the audit checkpoints signed with a key derived from the same keys. */
const ROTATION_TARGETS: readonly RotationTarget[] = [...SEALED_COLUMNS.map(sealedColumnTarget), checkpointRotation];

export async function keyUsage(): Promise<KeyUsage[]> {
  const usage: KeyUsage[] = [];
  for (const target of ROTATION_TARGETS) usage.push({ label: target.label, byKey: await target.usage() });
  return usage;
}

/**
 * `keys rotate`: moves every SSN and connection secret under the newest key, re-signs every audit checkpoint with it,
 * and records one audit row.
 */
export async function rotateKeys(ctx: AuthContext, options: RotationOptions = {}): Promise<RotationResult> {
  const keyId = keyring().current.id;
  const batchSize = options.batchSize ?? 1000;
  const result: RotationResult = { keyId, rotated: {}, skipped: 0, completed: false };
  let failure: unknown = null;
  try {
    for (const target of ROTATION_TARGETS) {
      const total = await target.countStale(keyId);
      let done = 0;
      let afterId: string | null = null;
      result.rotated[target.label] = 0;
      options.onProgress?.({ label: target.label, done, total });
      for (;;) {
        if (options.signal?.aborted) return result;
        const batch = await target.batch(keyId, afterId, batchSize);
        if (batch.lastId === null) break;
        afterId = batch.lastId;
        done += batch.rotated + batch.skipped;
        result.rotated[target.label] = (result.rotated[target.label] ?? 0) + batch.rotated;
        result.skipped += batch.skipped;
        options.onProgress?.({ label: target.label, done: Math.min(done, total), total });
      }
    }
    result.completed = true;
    return result;
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    await recordAudit({
      actor: ctx.actor,
      request: ctx.request,
      action: "encryption.keys_rotated",
      outcome: failure || !result.completed ? "failure" : "success",
      statusCode: failure ? 500 : result.completed ? 200 : 206,
      resourceType: "encryption_key",
      resourceId: keyId,
      details: { keyId, rotated: result.rotated, skipped: result.skipped, completed: result.completed, ...(failure instanceof AppError ? { error: failure.message } : {}) },
    });
  }
}
