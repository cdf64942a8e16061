import "server-only";
import { AUDIT_SORT_WINDOW } from "@/lib/audit/columns";
import type { AuditPagePosition } from "@/lib/audit/criteria";
import { encodeAuditCursor } from "@/lib/audit/cursor";
import type { AuditFilterSql } from "@/lib/audit/filters";
import {
  auditPageStatement,
  cappedCountStatement,
  countEstimateStatement,
  EXACT_COUNT_LIMIT,
  sortsWithinWindow,
  type AuditOrder,
  type AuditPageRow,
} from "@/lib/audit/listing-sql";
import { auditRowOf } from "@/lib/audit/rows";
import type { AuditEventPage } from "@/lib/audit/types";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

export interface AuditPageRequest {
  filter: AuditFilterSql;
  order: AuditOrder;
  position?: AuditPagePosition;
  pageSize: number;
  /** How many of the newest matches a sort by an unindexed column orders. */
  sortWindow?: number;
}

/** Where a page started, for the audit row's details: the direction and the id of the row its cursor names. */
export function positionDetails(position: AuditPagePosition | undefined): { position?: Prisma.InputJsonObject } {
  return position ? { position: { direction: position.direction, id: position.cursor.id } } : {};
}

type PlanRow = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] };

const flipped = ({ sort, dir }: AuditOrder): AuditOrder => ({ sort, dir: dir === "asc" ? "desc" : "asc" });

async function estimateOf(run: SqlRunner, filter: Prisma.Sql): Promise<number> {
  const [plan] = await run<PlanRow>(countEstimateStatement(filter));
  return Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
}

/** Above this estimate a match is not counted (statistics, per column and across the event columns, are good to a
 * few times); below it, counting the first EXACT_COUNT_LIMIT + 1 says whether the estimate is needed at all. */
const ESTIMATE_TRUSTED_ABOVE = 5 * EXACT_COUNT_LIMIT;

/** How long a count may take when it must read a table row per candidate (a filter no single index answers). */
const COUNT_BUDGET = "50ms";

const QUERY_CANCELED = "57014";

const isQueryCanceled = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "code" in error && error.code === QUERY_CANCELED;

/**
 * The capped count within COUNT_BUDGET, or null when it would take longer: it runs under its own savepoint and
 * statement timeout, so a cancelled count leaves the transaction (and its audit row) usable.
 */
async function countWithinBudget(run: SqlRunner, where: Prisma.Sql): Promise<number | null> {
  await run(Prisma.sql`SAVEPOINT audit_count`);
  const [previous] = await run<{ timeout: string }>(
    Prisma.sql`SELECT current_setting('statement_timeout') AS timeout, set_config('statement_timeout', ${COUNT_BUDGET}, true)`,
  );
  try {
    const [capped] = await run<{ count: number }>(cappedCountStatement(where));
    await run(Prisma.sql`RELEASE SAVEPOINT audit_count`);
    await run(Prisma.sql`SELECT set_config('statement_timeout', ${previous?.timeout ?? "0"}, true)`);
    return capped?.count ?? 0;
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
    // Rolling back to the savepoint also undoes the statement timeout it set.
    await run(Prisma.sql`ROLLBACK TO SAVEPOINT audit_count`);
    return null;
  }
}

/**
 * How many match: the planner's estimate (from statistics, a millisecond), and when that is small enough to be
 * worth it, an exact count that stops after EXACT_COUNT_LIMIT + 1 rows. When one index answers the filter the count
 * reads at most that many index entries and no table rows; otherwise it reads a table row per candidate (for a
 * user's thousands of rows spread over the trail, seconds), so it gets a time budget and falls back on the estimate.
 */
async function countMatches(run: SqlRunner, filter: AuditFilterSql): Promise<{ total: number; totalIsEstimate: boolean }> {
  const estimate = await estimateOf(run, filter.where);
  if (estimate > ESTIMATE_TRUSTED_ABOVE) return { total: estimate, totalIsEstimate: true };
  const counted = filter.oneIndex
    ? ((await run<{ count: number }>(cappedCountStatement(filter.where)))[0]?.count ?? 0)
    : await countWithinBudget(run, filter.where);
  if (counted !== null && counted <= EXACT_COUNT_LIMIT) return { total: counted, totalIsEstimate: false };
  return { total: Math.max(estimate, counted ?? 0), totalIsEstimate: true };
}

/**
 * One keyset page: the rows after (or, read in the reverse order, before) the position's cursor, cursors for the
 * pages on either side, and how many match in all (exact up to EXACT_COUNT_LIMIT, then the planner's estimate).
 */
export async function readAuditPage(
  run: SqlRunner,
  { filter, order, position, pageSize, sortWindow = AUDIT_SORT_WINDOW }: AuditPageRequest,
): Promise<AuditEventPage> {
  const backwards = position?.direction === "before";
  const rows = await run<AuditPageRow>(
    auditPageStatement({
      filter: filter.where,
      fanOut: filter.fanOut,
      order: backwards ? flipped(order) : order,
      after: position?.cursor,
      limit: pageSize + 1,
      window: sortWindow,
    }),
  );
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();
  // Rows are never deleted: the row a cursor names is still there, so a page reached from it has a way back.
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : position !== undefined;
  const cursorAt = (row: AuditPageRow | undefined) =>
    row ? encodeAuditCursor({ value: row.sortValue, timestamp: row.timestamp, id: row.id, windowTop: row.windowTop }, order.sort, order.dir) : null;
  const counted = !position && !more ? { total: page.length, totalIsEstimate: false } : await countMatches(run, filter);
  const windowed = sortsWithinWindow(order.sort) && counted.total > sortWindow;
  return {
    data: page.map(auditRowOf),
    pageSize,
    ...counted,
    sortWindow: windowed ? sortWindow : null,
    next: hasNext ? cursorAt(page.at(-1)) : null,
    previous: hasPrevious ? cursorAt(page[0]) : null,
  };
}
