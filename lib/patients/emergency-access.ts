import "server-only";
import type { AuthContext } from "@/lib/auth/assert";
import type { Tx } from "@/lib/db/transaction";

/** Whether the caller holds an unexpired break-the-glass grant for the patient. Grants belong to users, not API keys. */
export async function hasActiveGrant(tx: Tx, ctx: AuthContext, patientId: string, now: Date = new Date()): Promise<boolean> {
  if (ctx.actor.kind !== "user") return false;
  const grant = await tx.emergencyAccessGrant.findFirst({
    where: { userId: ctx.actor.id, patientId, expiresAt: { gt: now } },
    select: { id: true },
  });
  return grant !== null;
}
