import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { rememberWrite } from "@/lib/db/read-your-writes";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { EmergencyAccessReview } from "@/lib/review/schema";

// A review is recorded only in the audit trail, as `emergency_access.reviewed`: append-only and hash-chained, so
// a review cannot be quietly withdrawn, and "awaiting review" is simply a grant without one (lib/review/queue.ts).

interface GrantRow {
  id: string;
  user_id: string;
  patient_id: string;
  created_at: Date;
  mrn: string;
}

/** Marks one emergency access reviewed (emergency_access:review), once: a second review is a CONFLICT. */
export async function reviewEmergencyAccess(ctx: AuthContext, input: EmergencyAccessReview): Promise<{ grantId: string }> {
  await assertCan(ctx, "emergency_access:review");
  const reviewed = await inTransaction(async (tx) => {
    // The grant's row lock makes two reviewers of the same grant take turns; the second then sees the first's row.
    const [grant] = await tx.$queryRaw<GrantRow[]>`
      SELECT g.id::text, g.user_id::text, g.patient_id::text, g.created_at, p.mrn
      FROM emergency_access_grants g JOIN patients p ON p.id = g.patient_id
      WHERE g.id = ${input.grantId}::uuid
      FOR UPDATE OF g`;
    if (!grant) throw new AppError("NOT_FOUND", "There is no such emergency access.");
    const earlier = await tx.auditLog.findFirst({
      where: { resourceType: "emergency_access", resourceId: grant.id, action: "emergency_access.reviewed" },
      select: { id: true },
    });
    if (earlier) throw new AppError("CONFLICT", "This emergency access has already been reviewed.");
    await writeAudit(tx, {
      action: "emergency_access.reviewed",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "emergency_access",
      resourceId: grant.id,
      patient: { id: grant.patient_id, mrn: grant.mrn },
      details: { note: input.note, grantedTo: grant.user_id, grantedAt: grant.created_at.toISOString() },
    });
    return { grantId: grant.id };
  });
  // The review queue, read from a replica, must not offer this grant to the reviewer again.
  await rememberWrite(ctx.actor);
  return reviewed;
}
