import "server-only";
import { z } from "zod";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import type { LatestVerification } from "@/lib/audit/types";
import { verifyAuditChain, type ChainVerification } from "@/lib/audit/verify";
import { recordAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Chain verifications are recorded in the trail itself (`audit.verified`); the audit log shows the latest.

const VerificationDetails = z.object({
  ok: z.boolean(),
  rowsChecked: z.number(),
  brokenAtId: z.string().nullish(),
});

interface VerificationRow {
  id: string;
  timestamp: Date;
  username: string | null;
  details: unknown;
  [column: string]: unknown;
}

/**
 * The latest recorded verification, read inside the caller's (audited) transaction. Newest by time, which the
 * (action, timestamp, id) index answers at once; by id alone it would scan the trail back to the last one.
 */
export async function latestVerificationWith(run: SqlRunner): Promise<LatestVerification | null> {
  const [latest] = await run<VerificationRow>(Prisma.sql`
    SELECT id::text AS id, timestamp, username, details FROM audit_logs
    WHERE action = 'audit.verified' ORDER BY timestamp DESC, id DESC LIMIT 1`);
  const details = VerificationDetails.safeParse(latest?.details);
  if (!latest || !details.success) return null;
  return {
    auditId: latest.id,
    verifiedAt: latest.timestamp,
    verifiedBy: latest.username,
    ok: details.data.ok,
    rowsChecked: details.data.rowsChecked,
    brokenAtId: details.data.brokenAtId ?? null,
  };
}

/** Records a chain verification in the trail (also used by the `audit verify` CLI, whose actor is the shell user). */
export async function recordVerification(actor: Actor, request: RequestInfo, result: ChainVerification): Promise<void> {
  const details: Prisma.InputJsonObject = result.ok
    ? { ok: true, rowsChecked: result.rowsChecked, lastId: result.lastId, checkpoints: result.checkpoints }
    : { ok: false, rowsChecked: result.rowsChecked, brokenAtId: result.brokenAtId, reason: result.reason, ...(result.checkpointId ? { checkpointId: result.checkpointId } : {}) };
  await recordAudit({
    action: "audit.verified",
    actor,
    request,
    outcome: result.ok ? "success" : "failure",
    statusCode: 200,
    resourceType: "audit_log",
    details,
  });
}

/** Recomputes the hash chain (lib/audit/verify.ts) and records the result as `audit.verified`. */
export async function verifyAuditTrail(ctx: AuthContext): Promise<ChainVerification> {
  await assertCan(ctx, "audit:verify");
  const result = await verifyAuditChain();
  await recordVerification(ctx.actor, ctx.request, result);
  return result;
}
