import "server-only";
import { reviewed } from "@/lib/audit/rows";
import type { LatestVerification } from "@/lib/audit/types";
import { latestVerificationWith } from "@/lib/audit/verification";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inAuditedRead } from "@/lib/db/read-routing";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// What needs a compliance officer's attention, for their home page: emergency accesses nobody has reviewed yet,
// recent refusals and the last verification of the hash chain. All of it is read from the trail and the grants.

/** An emergency ("break the glass") access with no `emergency_access.reviewed` row yet. */
export interface AwaitingReview {
  grantId: string;
  grantedAt: Date;
  expiresAt: Date;
  reason: string;
  userId: string;
  userName: string;
  patientId: string;
  patientMrn: string;
}

/** A refused request (`status = 'denied'`): who, what they were refused, from where. */
export interface RecentDenial {
  auditId: string;
  timestamp: Date;
  action: string;
  username: string | null;
  userRole: string | null;
  ipAddress: string | null;
  requestMethod: string | null;
  requestPath: string | null;
  statusCode: number | null;
  /** The permission that was missing, when the refusal names one. */
  permission: string | null;
}

export interface ReviewQueue {
  emergencyAccesses: { data: AwaitingReview[]; total: number };
  /** `total` counts the refusals of the last DENIAL_DAYS days, up to DENIAL_COUNT_CAP (`totalIsCapped` above it). */
  denials: { data: RecentDenial[]; total: number; totalIsCapped: boolean };
  latestVerification: LatestVerification | null;
}

export const QUEUE_LIMIT = 10;
export const DENIAL_DAYS = 7;
/** Counting stops here: a flood of refusals is "1,000+", and counting it exactly would cost a scan of the flood. */
const DENIAL_COUNT_CAP = 1_000;

/** Reviewed means: the trail holds a review of the grant (lib/review/service.ts), found through (resource type, id). */
const NOT_REVIEWED = Prisma.sql`NOT EXISTS (
  SELECT 1 FROM audit_logs review
  WHERE review.resource_type = 'emergency_access' AND review.resource_id = grant_row.id::text
    AND review.action = 'emergency_access.reviewed')`;

interface AwaitingRow extends AwaitingReview {
  [column: string]: unknown;
}

/** The longest-waiting first: a review queue is worked from its oldest entry. */
async function awaitingReview(run: SqlRunner): Promise<ReviewQueue["emergencyAccesses"]> {
  const data: AwaitingReview[] = await run<AwaitingRow>(Prisma.sql`
    SELECT grant_row.id AS "grantId", grant_row.created_at AS "grantedAt", grant_row.expires_at AS "expiresAt",
      grant_row.reason, grant_row.user_id AS "userId", u.name AS "userName", grant_row.patient_id AS "patientId",
      p.mrn AS "patientMrn"
    FROM emergency_access_grants grant_row
    JOIN users u ON u.id = grant_row.user_id
    JOIN patients p ON p.id = grant_row.patient_id
    WHERE ${NOT_REVIEWED}
    ORDER BY grant_row.created_at, grant_row.id
    LIMIT ${QUEUE_LIMIT}`);
  const [count] = await run<{ total: number }>(Prisma.sql`
    SELECT count(*)::int AS total FROM emergency_access_grants grant_row WHERE ${NOT_REVIEWED}`);
  return { data, total: count?.total ?? 0 };
}

interface DenialRow extends RecentDenial {
  [column: string]: unknown;
}

/** Newest first, within the last DENIAL_DAYS days (which bounds the timestamp range read). */
async function recentDenials(run: SqlRunner): Promise<ReviewQueue["denials"]> {
  const since = Prisma.sql`now() - make_interval(days => ${DENIAL_DAYS})`;
  const data: RecentDenial[] = await run<DenialRow>(Prisma.sql`
    SELECT id::text AS "auditId", timestamp, action, username, user_role AS "userRole", ip_address AS "ipAddress",
      request_method AS "requestMethod", request_path AS "requestPath", status_code AS "statusCode",
      details->>'permission' AS permission
    FROM audit_logs
    WHERE status = 'denied' AND timestamp > ${since}
    ORDER BY timestamp DESC, id DESC
    LIMIT ${QUEUE_LIMIT}`);
  const [count] = await run<{ total: number }>(Prisma.sql`
    SELECT count(*)::int AS total FROM (
      SELECT 1 FROM audit_logs WHERE status = 'denied' AND timestamp > ${since} LIMIT ${DENIAL_COUNT_CAP + 1}) capped`);
  const total = count?.total ?? 0;
  return { data, total: Math.min(total, DENIAL_COUNT_CAP), totalIsCapped: total > DENIAL_COUNT_CAP };
}

/** The compliance home page's queue (audit:read), read in one transaction, its `audit.viewed` row committed before it is returned. */
export async function reviewQueue(ctx: AuthContext): Promise<ReviewQueue> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const emergencyAccesses = await awaitingReview(run);
    const denials = await recentDenials(run);
    const latestVerification = await latestVerificationWith(run);
    await audit(
      reviewed(ctx, {
        view: "review_queue",
        awaitingReview: emergencyAccesses.data.map((grant) => grant.grantId),
        denials: denials.data.map((denial) => denial.auditId),
      }),
    );
    return { emergencyAccesses, denials, latestVerification };
  });
}
