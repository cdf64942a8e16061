import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { keyring, type EncryptionKey } from "@/lib/secrets/keyring";

// Audit checkpoints are signed with HMAC-SHA256 under a key of their own, derived (HKDF) from an encryption key of
// ENCRYPTION_KEYS: whoever can write to the database but does not hold the keys cannot forge or edit one. The key's
// id is stored with the checkpoint, so checkpoints signed before a rotation verify as long as that key is configured;
// `keys rotate` re-signs them with the newest key (lib/audit/checkpoint-rotation.ts) so the old key can go.

const PURPOSE = "meridian audit checkpoint v1";

export interface CheckpointFields {
  chainLane: number;
  firstId: string;
  lastId: string;
  firstPrevHash: string | null;
  lastHash: string;
  rowCount: number;
  createdAt: Date;
}

export interface CheckpointSignature {
  keyId: string;
  signature: string;
}

function signingKey(key: EncryptionKey): Buffer {
  return Buffer.from(hkdfSync("sha256", key.key, Buffer.alloc(0), PURPOSE, 32));
}

/** Every signed field in a fixed order; JSON, so no field's text can run into the next. */
function canonical(fields: CheckpointFields): string {
  return JSON.stringify([PURPOSE, fields.chainLane, fields.firstId, fields.lastId, fields.firstPrevHash, fields.lastHash, fields.rowCount, fields.createdAt.toISOString()]);
}

function hmac(key: EncryptionKey, fields: CheckpointFields): string {
  return createHmac("sha256", signingKey(key)).update(canonical(fields)).digest("hex");
}

/** Signs with the newest encryption key. */
export function signCheckpoint(fields: CheckpointFields): CheckpointSignature {
  const key = keyring().current;
  return { keyId: key.id, signature: hmac(key, fields) };
}

/** False when the signature does not match the fields, or its key is not (or no longer) configured. */
export function checkpointSignatureValid(fields: CheckpointFields & CheckpointSignature): boolean {
  const key = keyring().keys.find((candidate) => candidate.id === fields.keyId);
  if (!key) return false;
  const expected = Buffer.from(hmac(key, fields), "hex");
  const given = Buffer.from(fields.signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A checkpoint as stored (the columns CHECKPOINT_COLUMNS selects). */
export interface CheckpointRow {
  [column: string]: unknown;
  id: string;
  chain_lane: number;
  first_id: string;
  last_id: string;
  first_prev_hash: string | null;
  last_hash: string;
  row_count: number;
  key_id: string;
  signature: string;
  created_at: Date;
}

export const CHECKPOINT_COLUMNS = Prisma.sql`c.id::text AS id, c.chain_lane, c.first_id::text AS first_id, c.last_id::text AS last_id,
  c.first_prev_hash, c.last_hash, c.row_count, c.key_id, c.signature, c.created_at`;

/** What a stored checkpoint's signature covers. */
export function signedFieldsOf(row: CheckpointRow): CheckpointFields {
  return {
    chainLane: row.chain_lane,
    firstId: row.first_id,
    lastId: row.last_id,
    firstPrevHash: row.first_prev_hash,
    lastHash: row.last_hash,
    rowCount: row.row_count,
    createdAt: row.created_at,
  };
}
