import { AUDIT_SORT_COLUMNS, AUDIT_SORT_WINDOW } from "@/lib/audit/columns";
import { AUDIT_SORT_FIELDS, EMERGENCY_ACCESS_ACTION, type AuditSortField } from "@/lib/audit/criteria";
import type { AuditCursor } from "@/lib/audit/cursor";
import type { AuditFilterSql } from "@/lib/audit/filters";
import type { AuditEventRow } from "@/lib/audit/types";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SortDirection } from "@/lib/shared-schema/query";

// One page of the audit log in SQL, by keyset: a page starts after (or before) the row its cursor names, so every
// page costs the same, however deep, where OFFSET reads and throws away every row before it. Rows are ordered by
// (sort column, timestamp, id), which the (column, timestamp, id) indexes return without sorting. An empty value
// sorts last ascending and first descending, as PostgreSQL orders NULLs; the empty and non-empty values are read as
// two index ranges, because a row comparison with NULL is never true.
//
// A column without an index (see AUDIT_SORT_COLUMNS) is sorted over a window: the newest AUDIT_SORT_WINDOW
// matching events, bounded by the newest id of the first page's window so every page sorts the same events.
//
// Sort keys are qualified (e.id): ORDER BY would otherwise read "id" as the output column, the id as text.
//
// Statements are built here as Prisma.Sql and run on the caller's connection (listing.ts in the application, a
// plain pg.Pool in the benchmark's baseline), so both send exactly the same SQL.

export interface AuditOrder {
  sort: AuditSortField;
  dir: SortDirection;
}

export interface AuditPageQuery {
  /** The filter's conditions (auditFilterSql). */
  filter: Prisma.Sql;
  /** The same filter as one index branch per user (AuditFilterSql.fanOut), for pages in time order. */
  fanOut?: AuditFilterSql["fanOut"];
  order: AuditOrder;
  /** Rows after this one, in `order`. */
  after?: AuditCursor;
  /** How many rows to read: a page and one more, to know whether another follows. */
  limit: number;
  /** For a sort by an unindexed column: how many of the newest matches it orders (AUDIT_SORT_WINDOW). */
  window?: number;
}

/** A row as the page statement returns it: the listed fields, the raw sort key and the sort window's top. */
export interface AuditPageRow extends Omit<AuditEventRow, "emergencyAccess"> {
  sortValue: string | number | null;
  windowTop: string | null;
  [column: string]: unknown;
}

/** The listed fields of the row `alias` names, camelCase, ids as text, the emergency reason out of the details. */
function listedColumns(alias: string): Prisma.Sql {
  return Prisma.raw(
    [
      ...AUDIT_SORT_FIELDS.map((field) => {
        const { column, type } = AUDIT_SORT_COLUMNS[field];
        const value = type === "bigint" || type === "uuid" ? `${alias}."${column}"::text` : `${alias}."${column}"`;
        return `${value} AS "${field}"`;
      }),
      `CASE WHEN ${alias}.action = '${EMERGENCY_ACCESS_ACTION}' THEN ${alias}.details->>'reason' END AS "emergencyReason"`,
    ].join(", "),
  );
}

interface Segment {
  /** Which rows the segment holds (empty or non-empty sort values). */
  rows: Prisma.Sql;
  /** The columns a page boundary compares, in order (a row comparison with NULL is never true: not the column). */
  seek: string[];
  /**
   * The columns it is ordered by. For the empty values this still leads with the sort column (the same NULL in
   * every row): only its (column, timestamp, id) index then gives the order, so the planner reads that index's NULL
   * range rather than walking the whole trail by time in search of rows whose column is empty.
   */
  order: string[];
  /** Whether the cursor's row can fall in it (its sort value empty or not). */
  holds: (cursor: AuditCursor) => boolean;
}

/** The order as index ranges, in reading order: one, or two for a nullable column (see the header). */
function segmentsOf({ sort, dir }: AuditOrder): Segment[] {
  const any = () => true;
  const everything = Prisma.sql`true`;
  if (sort === "id") return [{ rows: everything, seek: ["e.id"], order: ["e.id"], holds: any }];
  if (sort === "timestamp") return [{ rows: everything, seek: ["e.timestamp", "e.id"], order: ["e.timestamp", "e.id"], holds: any }];
  const { column, nullable } = AUDIT_SORT_COLUMNS[sort];
  const quoted = `e."${column}"`;
  const key = [quoted, "e.timestamp", "e.id"];
  const filled: Segment = {
    rows: nullable ? Prisma.raw(`${quoted} IS NOT NULL`) : everything,
    seek: key,
    order: key,
    holds: (cursor) => cursor.value !== null,
  };
  if (!nullable) return [filled];
  const empty: Segment = { rows: Prisma.raw(`${quoted} IS NULL`), seek: ["e.timestamp", "e.id"], order: key, holds: (cursor) => cursor.value === null };
  return dir === "asc" ? [filled, empty] : [empty, filled];
}

function cursorValues(segment: Segment, cursor: AuditCursor): Prisma.Sql[] {
  const time = Prisma.sql`${cursor.timestamp}::timestamptz`;
  const id = Prisma.sql`${cursor.id}::bigint`;
  if (segment.seek.length === 1) return [id];
  if (segment.seek.length === 2) return [time, id];
  return [Prisma.sql`${cursor.value}`, time, id];
}

/** The segments still to read after the cursor: the rest of its own, then every later one in full. */
function remainingSegments(segments: Segment[], dir: SortDirection, after: AuditCursor | undefined): { segment: Segment; start: Prisma.Sql }[] {
  if (!after) return segments.map((segment) => ({ segment, start: Prisma.sql`true` }));
  const at = segments.findIndex((segment) => segment.holds(after));
  const comparison = dir === "asc" ? ">" : "<";
  return segments.slice(at).map((segment, index) =>
    index === 0
      ? { segment, start: Prisma.sql`(${Prisma.raw(segment.seek.join(", "))}) ${Prisma.raw(comparison)} (${Prisma.join(cursorValues(segment, after))})` }
      : { segment, start: Prisma.sql`true` },
  );
}

function orderBy(columns: string[], dir: SortDirection): Prisma.Sql {
  return Prisma.raw(columns.map((column) => `${column} ${dir.toUpperCase()}`).join(", "));
}

function sortValueSql(sort: AuditSortField, alias: string): Prisma.Sql {
  if (sort === "id" || sort === "timestamp") return Prisma.sql`NULL`;
  const { column, type } = AUDIT_SORT_COLUMNS[sort];
  return Prisma.raw(type === "uuid" ? `${alias}."${column}"::text` : `${alias}."${column}"`);
}

/** Whether the order reads a window of the newest events (an unindexed column) rather than an index. */
export const sortsWithinWindow = (sort: AuditSortField): boolean => !AUDIT_SORT_COLUMNS[sort].indexed;

/**
 * A page in time order of a filter naming several users: each user's rows after the cursor, read newest (or oldest)
 * first from the (user_id, timestamp, id) index, a page's worth each, merged. Its cost grows with the number of
 * users, never with how many rows the trail holds between them.
 */
function fanOutPageStatement(fanOut: NonNullable<AuditPageQuery["fanOut"]>, { order, after, limit }: AuditPageQuery): Prisma.Sql {
  const direction = order.dir.toUpperCase();
  const start = after
    ? Prisma.sql`(e.timestamp, e.id) ${Prisma.raw(order.dir === "asc" ? ">" : "<")} (${after.timestamp}::timestamptz, ${after.id}::bigint)`
    : Prisma.sql`true`;
  const branches = fanOut.branches.map(
    ({ column, values }) => Prisma.sql`
      SELECT page.* FROM unnest(${values}::varchar[]) AS wanted(value) CROSS JOIN LATERAL (
        SELECT ${listedColumns("e")}, NULL::text AS "sortValue", e.timestamp AS sort_time, e.id AS sort_id
        FROM audit_logs AS e WHERE e."${Prisma.raw(column)}" = wanted.value AND ${fanOut.rest} AND ${start}
        ORDER BY e.timestamp ${Prisma.raw(direction)}, e.id ${Prisma.raw(direction)} LIMIT ${limit}) AS page`,
  );
  // UNION, not UNION ALL: a row can be both one of the accounts' and under the recorded name.
  return Prisma.sql`
    SELECT merged.*, NULL::text AS "windowTop" FROM (${Prisma.join(branches, " UNION ")}) AS merged
    ORDER BY sort_time ${Prisma.raw(direction)}, sort_id ${Prisma.raw(direction)} LIMIT ${limit}`;
}

/**
 * The newest `size` matching events (at or below the window's top id, once known), with only what a window sort
 * needs: the rows of the page are read by id afterwards, so the window sorts narrow rows.
 */
function windowStatement(query: AuditPageQuery, size: number): Prisma.Sql {
  const { column } = AUDIT_SORT_COLUMNS[query.order.sort];
  const top = query.after?.windowTop;
  return Prisma.sql`WITH candidates AS MATERIALIZED (
    SELECT id, timestamp, "${Prisma.raw(column)}" FROM audit_logs
    WHERE ${query.filter} ${top ? Prisma.sql`AND id <= ${top}::bigint` : Prisma.empty}
    ORDER BY timestamp DESC, id DESC LIMIT ${size})`;
}

/**
 * One page in `order` after the cursor (all of it from the start without one). For a windowed sort, `windowTop`
 * bounds the window (null on the first page: the window is taken now, and its top returned with each row).
 */
export function auditPageStatement(query: AuditPageQuery): Prisma.Sql {
  if (query.fanOut && query.order.sort === "timestamp") return fanOutPageStatement(query.fanOut, query);
  const { filter, order, after, limit, window: windowSize = AUDIT_SORT_WINDOW } = query;
  const windowed = sortsWithinWindow(order.sort);
  const branches = remainingSegments(segmentsOf(order), order.dir, after).map(({ segment, start }, index) =>
    windowed
      ? Prisma.sql`(
      SELECT ${listedColumns("a")}, ${sortValueSql(order.sort, "a")} AS "sortValue", a.timestamp AS sort_time, a.id AS sort_id, ${index}::int AS segment
      FROM (SELECT e.id FROM candidates AS e WHERE ${segment.rows} AND ${start} ORDER BY ${orderBy(segment.order, order.dir)} LIMIT ${limit}) AS k
      JOIN audit_logs AS a ON a.id = k.id)`
      : Prisma.sql`(
      SELECT ${listedColumns("e")}, ${sortValueSql(order.sort, "e")} AS "sortValue", e.timestamp AS sort_time, e.id AS sort_id, ${index}::int AS segment
      FROM audit_logs AS e WHERE ${filter} AND ${segment.rows} AND ${start}
      ORDER BY ${orderBy(segment.order, order.dir)} LIMIT ${limit})`,
  );
  const outerKey = order.sort === "id" ? ["sort_id"] : order.sort === "timestamp" ? ["sort_time", "sort_id"] : [`"sortValue"`, "sort_time", "sort_id"];
  const windowTop = windowed ? Prisma.sql`(SELECT max(id)::text FROM candidates)` : Prisma.sql`NULL::text`;
  return Prisma.sql`${windowed ? windowStatement(query, windowSize) : Prisma.empty}
    SELECT page.*, ${windowTop} AS "windowTop" FROM (${Prisma.join(branches, " UNION ALL ")}) AS page
    ORDER BY segment, ${orderBy(outerKey, order.dir)} LIMIT ${limit}`;
}

/** Counting stops here; larger result sets report the planner's estimate. */
export const EXACT_COUNT_LIMIT = 10_000;

/** How many match, counting no further than EXACT_COUNT_LIMIT + 1. */
export function cappedCountStatement(filter: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM (SELECT 1 FROM audit_logs WHERE ${filter} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS capped`;
}

/** The planner's estimate of how many match, for result sets too large to count. */
export function countEstimateStatement(filter: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM audit_logs WHERE ${filter}`;
}
