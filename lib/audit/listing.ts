import "server-only";
import type { AuditSearchCriteria } from "@/lib/audit/criteria";
import { AuditId } from "@/lib/audit/cursor";
import { auditFilterSql, filterSummary, resolveAuditFilter } from "@/lib/audit/filters";
import { positionDetails, readAuditPage } from "@/lib/audit/paging";
import { DETAIL_SELECT, detailOf, reviewed } from "@/lib/audit/rows";
import type { AuditEventDetail, AuditEventPage, AuditLogOverview } from "@/lib/audit/types";
import { latestVerificationWith } from "@/lib/audit/verification";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inAuditedRead } from "@/lib/db/read-routing";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

// The compliance officer's audit log (HIPAA 164.312(b), ONC 170.315(d)(2),(d)(3)). Every function checks its
// permission itself, and every read of the trail is itself audited (`audit.viewed`), committed before the data is
// returned (inAuditedRead: on a read replica when one may serve). The log's statements are SQL
// (lib/audit/listing-sql.ts), so they run in a pg transaction, as patient search does.

function viewSummary(criteria: AuditSearchCriteria, events: AuditEventPage): Prisma.InputJsonObject {
  const { sort, dir, position, pageSize, ...filter } = criteria;
  return { view: "log", filter: filterSummary(filter), sort, dir, pageSize, ...positionDetails(position), total: events.total };
}

/** One page of the log: filtered, sorted by any column, keyset-paginated. */
export async function listAuditEventsWith(run: SqlRunner, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  const filter = auditFilterSql(await resolveAuditFilter(run, criteria));
  return readAuditPage(run, { filter, order: criteria, position: criteria.position, pageSize: criteria.pageSize });
}

/** One page of the audit log, filtered and sorted by any column. */
export async function listAuditEvents(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditEventPage> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const events = await listAuditEventsWith(run, criteria);
    await audit(reviewed(ctx, viewSummary(criteria, events)));
    return events;
  });
}

/** The audit log page: one page of events and the latest chain verification, audited as one view. */
export async function auditLogOverview(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<AuditLogOverview> {
  await assertCan(ctx, "audit:read");
  return inAuditedRead(ctx.actor, async (run, audit) => {
    const events = await listAuditEventsWith(run, criteria);
    const latestVerification = await latestVerificationWith(run);
    await audit(reviewed(ctx, viewSummary(criteria, events)));
    return { events, latestVerification };
  });
}

/**
 * One event with its details and hash-chain links. An id that is not an audit id (not a number, or beyond the
 * bigint range) is not looked up; like an id with no row, it is NOT_FOUND, audited as a failed view.
 */
export async function getAuditEvent(ctx: AuthContext, id: string): Promise<AuditEventDetail> {
  await assertCan(ctx, "audit:read");
  const valid = AuditId.safeParse(id);
  const event = await inTransaction(async (tx) => {
    const found = valid.success
      ? await tx.auditLog.findUnique({ where: { id: BigInt(valid.data) }, select: DETAIL_SELECT })
      : null;
    const entry = reviewed(ctx, { view: "event" }, id.slice(0, 128));
    await writeAudit(tx, found ? entry : { ...entry, outcome: "failure", statusCode: 404 });
    return found;
  });
  if (!event) throw new AppError("NOT_FOUND", "There is no audit event with this id.");
  return detailOf(event);
}
