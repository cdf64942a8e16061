import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { generateApiKey } from "@/lib/auth/api-keys";
import { inTransaction } from "@/lib/db/transaction";
import type { Role } from "@/lib/generated/prisma/enums";
import { isUniqueViolation } from "@/lib/db/errors";
import type { AuditSource } from "@/lib/users/provisioning";

// API key issuing for every caller: the admin pages (through service.ts, which checks api_keys:manage first)
// and the CLI (lib/seed/accounts.ts). Nothing here checks a permission, so nothing under app/ may import it.

export interface ApiKeySpec {
  name: string;
  role: Role;
  expiresAt: Date | null;
}

export interface IssuedApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  expiresAt: Date | null;
  createdAt: Date;
  /** The full key: returned this once, never stored (only its SHA-256 is) and never retrievable again. */
  key: string;
}

const PREFIX_ATTEMPTS = 3;

/** Stores the key's prefix and hash (and who created it, when a user did), with its audit row. */
export async function issueApiKey(spec: ApiKeySpec, source: AuditSource): Promise<IssuedApiKey> {
  const createdById = source.actor.kind === "user" ? source.actor.id : null;
  // A prefix collision (62^8 values) is astronomically rare; retrying keeps it from ever surfacing as an error.
  for (let attempt = 1; ; attempt += 1) {
    const generated = generateApiKey();
    try {
      const created = await inTransaction(async (tx) => {
        const row = await tx.apiKey.create({
          data: { ...spec, prefix: generated.prefix, secretHash: generated.secretHash, createdById },
          select: { id: true, name: true, role: true, prefix: true, expiresAt: true, createdAt: true },
        });
        await writeAudit(tx, {
          ...source,
          action: "api_key.created",
          outcome: "success",
          statusCode: 201,
          resourceType: "api_key",
          resourceId: row.id,
          details: { role: row.role, prefix: row.prefix, expiresAt: row.expiresAt?.toISOString() ?? null },
        });
        return row;
      });
      return { ...created, key: generated.key };
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= PREFIX_ATTEMPTS) throw error;
    }
  }
}
