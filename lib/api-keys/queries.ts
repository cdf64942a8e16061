import "server-only";
import type { ApiKeyStatus } from "@/lib/api-keys/schema";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

export interface ApiKeySummary {
  id: string;
  name: string;
  /** The public part of the key (mrd_<prefix>_…), enough to recognise it; the secret is never readable. */
  prefix: string;
  role: Role;
  createdAt: Date;
  createdBy: { id: string; name: string } | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: ApiKeyStatus;
}

function statusOf(key: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): ApiKeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt <= now) return "expired";
  return "active";
}

/** Every key, newest first (there are tens, not thousands), as `{ data }` like every other list. */
export async function listApiKeys(ctx: AuthContext): Promise<{ data: ApiKeySummary[] }> {
  await assertCan(ctx, "api_keys:manage");
  const rows = await db().apiKey.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      createdBy: { select: { id: true, name: true } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const now = new Date();
  return { data: rows.map((row) => ({ ...row, status: statusOf(row, now) })) };
}

/** The key with this prefix (the public part of `mrd_<prefix>_…`): for callers that name keys by it, like the CLI. */
export async function findApiKeyByPrefix(ctx: AuthContext, prefix: string): Promise<ApiKeySummary> {
  await assertCan(ctx, "api_keys:manage");
  const row = await db().apiKey.findUnique({
    where: { prefix },
    select: { id: true, name: true, prefix: true, role: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdBy: { select: { id: true, name: true } } },
  });
  if (!row) throw new AppError("NOT_FOUND", `No API key has the prefix ${prefix}.`);
  return { ...row, status: statusOf(row, new Date()) };
}
