import "server-only";
import { issueApiKey, type IssuedApiKey } from "@/lib/api-keys/provisioning";
import type { ApiKeyCreate, ApiKeyRevoke } from "@/lib/api-keys/schema";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";

/** Issues a key; the returned `key` is the only copy there will ever be. */
export async function createApiKey(ctx: AuthContext, input: ApiKeyCreate): Promise<IssuedApiKey> {
  await assertCan(ctx, "api_keys:manage");
  return issueApiKey(
    { name: input.name, role: input.role, expiresAt: input.expiresAt ?? null },
    { actor: ctx.actor, request: ctx.request },
  );
}

/** Revokes a key at once: the next request presenting it is refused (lib/auth/api-key-auth.ts reads revokedAt). */
export async function revokeApiKey(ctx: AuthContext, input: ApiKeyRevoke): Promise<{ apiKeyId: string; prefix: string }> {
  await assertCan(ctx, "api_keys:manage");
  return inTransaction(async (tx) => {
    const [revoked] = await tx.apiKey.updateManyAndReturn({
      where: { id: input.apiKeyId, revokedAt: null },
      data: { revokedAt: new Date() },
      select: { id: true, prefix: true },
    });
    if (!revoked) {
      const exists = await tx.apiKey.count({ where: { id: input.apiKeyId } });
      throw exists ? new AppError("INVALID", "The API key is already revoked.") : new AppError("NOT_FOUND", "The API key was not found.");
    }
    await writeAudit(tx, {
      actor: ctx.actor,
      request: ctx.request,
      action: "api_key.revoked",
      outcome: "success",
      statusCode: 200,
      resourceType: "api_key",
      resourceId: revoked.id,
      details: { prefix: revoked.prefix },
    });
    return { apiKeyId: revoked.id, prefix: revoked.prefix };
  });
}
