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
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditPageRequest {
  filter: AuditFilterSql;
  order: AuditOrder;
  position?: AuditPagePosition;
  pageSize: number;
  /** How many of the newest matches a sort by an unindexed column orders. */
  sortWindow?: number;
}

/** Where a page started, for the audit row: the direction and the id of the row its cursor names. */
export function positionSummary(position: AuditPagePosition | undefined): Prisma.InputJsonObject | undefined {
  return position && { direction: position.direction, id: position.cursor.id };
}

type PlanRow = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] };

/** Matches few enough to count even when each costs a table row. */
const FEW_ROWS = 1_000;

const flipped = ({ sort, dir }: AuditOrder): AuditOrder => ({ sort, dir: dir === "asc" ? "desc" : "asc" });

async function estimateOf(run: SqlRunner, filter: Prisma.Sql): Promise<number> {
  const [plan] = await run<PlanRow>(countEstimateStatement(filter));
  return Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
}

/**
 * How many match. Exactly (counting stops after EXACT_COUNT_LIMIT + 1) when one index answers the filter — at most
 * 10,001 index entries, no table rows — or when the planner expects few matches; otherwise the planner's estimate.
 * Counting a filter of two conditions, or of a list of users, reads a table row per candidate: for thousands of
 * rows spread over a large trail, that costs more than the page itself.
 */
async function countMatches(run: SqlRunner, filter: AuditFilterSql): Promise<{ total: number; totalIsEstimate: boolean }> {
  const estimate = filter.oneIndex ? null : await estimateOf(run, filter.where);
  if (estimate !== null && estimate > FEW_ROWS) return { total: estimate, totalIsEstimate: true };
  const [capped] = await run<{ count: number }>(cappedCountStatement(filter.where));
  const exact = capped?.count ?? 0;
  if (exact <= EXACT_COUNT_LIMIT) return { total: exact, totalIsEstimate: false };
  return { total: Math.max(estimate ?? (await estimateOf(run, filter.where)), exact), totalIsEstimate: true };
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
