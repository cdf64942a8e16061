import "server-only";
import { writeAuditWith, type AuditEntry } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { dbPool } from "@/lib/db/client";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { encodeHl7Cursor, HL7_FILTER_KEYS, type Hl7MessageFilter, type Hl7MessageSearchCriteria } from "@/lib/hl7/store/criteria";
import {
  cappedCountStatement,
  countEstimateStatement,
  EXACT_COUNT_LIMIT,
  hl7FilterSql,
  hl7PageStatement,
  liveCountsStatement,
  patientIdsStatement,
} from "@/lib/hl7/store/listing-sql";
import type { Hl7LiveCounts, Hl7MessagePage, Hl7MessageRow } from "@/lib/hl7/store/types";

// The admins' message store (/hl7). Every function checks hl7:read itself; a list of messages names patients (their
// MRNs) and control ids, so each read writes its `hl7.viewed` audit row in the same transaction.

type PlanRow = { "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] };

/** The filter as the audit row records it: names and values, dates as ISO text. */
function filterSummary(filter: Hl7MessageFilter): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const key of HL7_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) summary[key] = value instanceof Date ? value.toISOString() : value;
  }
  return summary;
}

/** How many match: exact up to EXACT_COUNT_LIMIT (index entries only for a one-filter list), else the estimate. */
async function countMatches(run: SqlRunner, where: Prisma.Sql): Promise<{ total: number; totalIsEstimate: boolean }> {
  const [capped] = await run<{ count: number }>(cappedCountStatement(where));
  const counted = capped?.count ?? 0;
  if (counted <= EXACT_COUNT_LIMIT) return { total: counted, totalIsEstimate: false };
  const [plan] = await run<PlanRow>(countEstimateStatement(where));
  return { total: Math.max(counted, Math.round(plan?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0)), totalIsEstimate: true };
}

async function readPage(run: SqlRunner, criteria: Hl7MessageSearchCriteria): Promise<Hl7MessagePage> {
  const { dir, position, pageSize, ...filter } = criteria;
  const patientIds = filter.mrn ? (await run<{ id: string }>(patientIdsStatement(filter.mrn))).map((row) => row.id) : null;
  const empty: Hl7MessagePage = { data: [], pageSize, total: 0, totalIsEstimate: false, next: null, previous: null };
  if (patientIds?.length === 0) return empty;
  const where = hl7FilterSql(filter, patientIds);
  const backwards = position?.direction === "before";
  const readDir = backwards ? (dir === "asc" ? "desc" : "asc") : dir;
  const rows = await run<Hl7MessageRow & Record<string, unknown>>(hl7PageStatement(where, readDir, position?.cursor, pageSize + 1));
  const more = rows.length > pageSize;
  const page = rows.slice(0, pageSize);
  if (backwards) page.reverse();
  // Messages are never deleted: the row a cursor names is still there, so a page reached from it has a way back.
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : position !== undefined;
  const cursorAt = (row: Hl7MessageRow | undefined) => (row ? encodeHl7Cursor({ createdAt: row.createdAt, id: row.id }, dir) : null);
  const counted = !position && !more ? { total: page.length, totalIsEstimate: false } : await countMatches(run, where);
  return { data: page, pageSize, ...counted, next: hasNext ? cursorAt(page.at(-1)) : null, previous: hasPrevious ? cursorAt(page[0]) : null };
}

function listViewed(ctx: AuthContext, details: Prisma.InputJsonObject): AuditEntry {
  return { action: "hl7.viewed", actor: ctx.actor, request: ctx.request, outcome: "success", statusCode: 200, resourceType: "hl7_message", details };
}

/** One page of the message store, filtered, in received order, by keyset; audited as one view. */
export async function listHl7Messages(ctx: AuthContext, criteria: Hl7MessageSearchCriteria): Promise<Hl7MessagePage> {
  await assertCan(ctx, "hl7:read");
  return inSqlTransaction(dbPool(), async (run) => {
    const page = await readPage(run, criteria);
    const { dir, position, pageSize, ...filter } = criteria;
    await writeAuditWith(
      run,
      listViewed(ctx, { view: "list", filter: filterSummary(filter), dir, pageSize, ...(position ? { position: { direction: position.direction, id: position.cursor.id } } : {}), total: page.total }),
    );
    return page;
  });
}

/** Inbound messages of the last hour: received, processed, failed (counts only: no patient data, not audited). */
export async function hl7LiveCounts(ctx: AuthContext): Promise<Hl7LiveCounts> {
  await assertCan(ctx, "hl7:read");
  const [counts] = await inSqlTransaction(dbPool(), (run) => run<Hl7LiveCounts & Record<string, unknown>>(liveCountsStatement()));
  return counts ?? { received: 0, processed: 0, failed: 0 };
}
