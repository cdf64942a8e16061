import "server-only";
import type { AuditSearchCriteria } from "@/lib/audit/criteria";
import { filterSummary, whereOf } from "@/lib/audit/filters";
import { orderOf, pageOf } from "@/lib/audit/paging";
import { EVENT_SELECT, reviewed, rowOf } from "@/lib/audit/rows";
import type { AuditEventDetail, AuditEventPage, AuditLogOverview } from "@/lib/audit/types";
import { latestVerificationWithin } from "@/lib/audit/verification";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// The compliance officer's audit log (HIPAA 164.312(b), ONC 170.315(d)(2),(d)(3)). Every function checks its
// permission itself, and every read of the trail is itself audited (`audit.viewed`) in the same transaction.

function searchSummary(criteria: AuditSearchCriteria): Prisma.InputJsonObject {
  const { sort, dir, page, pageSize, ...filter } = criteria;
  return { filter: filterSummary(filter), sort, dir, page, pageSize };
}

async function listWithin(tx: Tx, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  const where = await whereOf(tx, criteria);
  return pageOf(tx, where, orderOf(criteria.sort, criteria.dir), criteria);
}

/** One page of the audit log, filtered and sorted by any column. */
export async function listAuditEvents(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const events = await listWithin(tx, criteria);
    await writeAudit(tx, reviewed(ctx, { view: "log", ...searchSummary(criteria), total: events.total }));
    return events;
  });
}

/** The audit log page: one page of events and the latest chain verification, audited as one view. */
export async function auditLogOverview(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditLogOverview> {
  await assertCan(ctx, "audit:read");
  return inTransaction(async (tx) => {
    const events = await listWithin(tx, criteria);
    const latestVerification = await latestVerificationWithin(tx);
    await writeAudit(tx, reviewed(ctx, { view: "log", ...searchSummary(criteria), total: events.total }));
    return { events, latestVerification };
  });
}

const EVENT_ID = /^\d{1,19}$/;

/** One event with its details and hash-chain links; NOT_FOUND (audited as a failed view) when there is none. */
export async function getAuditEvent(ctx: AuthContext, id: string): Promise<AuditEventDetail> {
  await assertCan(ctx, "audit:read");
  const event = await inTransaction(async (tx) => {
    const found = EVENT_ID.test(id)
      ? await tx.auditLog.findUnique({ where: { id: BigInt(id) }, select: { ...EVENT_SELECT, prevHash: true, hash: true } })
      : null;
    const entry = reviewed(ctx, { view: "event" }, id.slice(0, 128));
    await writeAudit(tx, found ? entry : { ...entry, outcome: "failure", statusCode: 404 });
    return found;
  });
  if (!event) throw new AppError("NOT_FOUND", "There is no audit event with this id.");
  const { prevHash, hash, details, ...rest } = event;
  return { ...rowOf({ ...rest, details }), details, prevHash, hash };
}
