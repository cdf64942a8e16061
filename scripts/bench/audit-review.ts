import { AUDIT_SORT_COLUMNS } from "@/lib/audit/columns";
import { AUDIT_SORT_FIELDS, AuditSearchCriteria, type AuditSortField } from "@/lib/audit/criteria";
import type { AuditCursor } from "@/lib/audit/cursor";
import { listAuditEvents, listAuditEventsWith } from "@/lib/audit/listing";
import { reviewed } from "@/lib/audit/rows";
import type { AuditEventPage } from "@/lib/audit/types";
import { writeAuditWith } from "@/lib/audit/writer";
import type { AuthContext } from "@/lib/auth/assert";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { contextFor } from "@/lib/testing/auth-context";
import { growAuditTrail } from "@/scripts/bench/audit-trail";
import { measure, type LoadOptions, type Measurement } from "@/scripts/bench/harness";
import { rawPool } from "@/scripts/bench/raw-sql";
import { printReport, type ReportRow } from "@/scripts/bench/report";

// The compliance officer's audit log on a large trail (`--audit-rows`, 10,000,000 by default; grown first, see
// audit-trail.ts): every filter with the default newest-first order, and every sort in both directions, each on
// its first page and on pages deep inside (after cursors taken from rows sampled across the trail). Each scenario
// is measured twice: the statements listAuditEvents sends (filter lookups, the keyset page, the capped count, the
// audit row), on a plain pg.Pool of the benchmark's own inside BEGIN … COMMIT — the raw baseline — and
// listAuditEvents itself. The way the log paged before (exact count(*), ORDER BY … OFFSET) is measured once for
// comparison.

export interface AuditReviewOptions {
  /** Rows the trail is grown to before measuring. */
  rows: number;
}

const TARGET_P95_MS = 200;
const SAMPLE_SEED = 20261204;

type Criteria = AuditSearchCriteria;
type Query = Record<string, string>;

interface Scenario {
  label: string;
  queries: Criteria[];
}

interface SampledRow {
  [column: string]: unknown;
  id: string;
  timestamp: Date;
}

const criteriaOf = (query: Query): Criteria => AuditSearchCriteria.parse(query);

/** Rows from across the trail (whole pages, SYSTEM sampling: cheap on any size), repeatably. */
async function sampleRows(run: SqlRunner, count: number): Promise<SampledRow[]> {
  const [estimate] = await run<{ rows: number }>(Prisma.sql`SELECT reltuples::float8 AS rows FROM pg_class WHERE relname = 'audit_logs'`);
  const percent = Math.min(100, (count * 20 * 100) / Math.max(estimate?.rows ?? 1, 1));
  const columns = Prisma.raw(
    AUDIT_SORT_FIELDS.map((field) => {
      const { column, type } = AUDIT_SORT_COLUMNS[field];
      return `${type === "bigint" || type === "uuid" ? `"${column}"::text` : `"${column}"`} AS "${field}"`;
    }).join(", "),
  );
  return run<SampledRow>(Prisma.sql`
    SELECT ${columns} FROM audit_logs TABLESAMPLE SYSTEM (${percent}) REPEATABLE (${SAMPLE_SEED})
    ORDER BY random() LIMIT ${count}`);
}

const distinct = <T>(values: readonly (T | null | undefined)[]): T[] => [...new Set(values.filter((value): value is T => value !== null && value !== undefined))];

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The filter scenarios, newest first, with values taken from the sample. */
async function filterScenarios(run: SqlRunner, rows: SampledRow[]): Promise<Scenario[]> {
  const users = distinct(rows.map((row) => row.userId as string | null));
  const [busiest] = await run<{ user_id: string }>(Prisma.sql`
    SELECT user_id FROM audit_logs WHERE timestamp > (SELECT max(timestamp) - interval '7 days' FROM audit_logs) AND user_id IS NOT NULL
    GROUP BY user_id ORDER BY count(*) DESC LIMIT 1`);
  const lastNames = distinct(rows.map((row) => (row.username as string | null)?.split(" ").at(-1)));
  const values = (field: AuditSortField) => distinct(rows.map((row) => row[field] as string | null));
  const many = (field: AuditSortField, key: string) => values(field).map((value) => criteriaOf({ [key]: value }));
  const days = distinct(rows.map((row) => day(row.timestamp)));
  const months = distinct(rows.map((row) => day(row.timestamp).slice(0, 7)));
  const monthRange = (month: string) => {
    const end = new Date(`${month}-01T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() + 1);
    end.setUTCDate(0);
    return { from: `${month}-01`, to: day(end) };
  };
  return [
    { label: "no filter (the log as it opens)", queries: [criteriaOf({})] },
    { label: "user, by account id (the busiest user)", queries: busiest ? [criteriaOf({ user: busiest.user_id })] : [] },
    { label: "user, by account id (sampled users)", queries: users.map((user) => criteriaOf({ user })) },
    { label: "user, part of a name (a surname, ~60 accounts)", queries: lastNames.map((user) => criteriaOf({ user })) },
    { label: "patient MRN", queries: many("patientMrn", "mrn") },
    { label: "event type", queries: many("eventType", "eventType") },
    { label: "action", queries: many("action", "action") },
    { label: "action, rare (emergency access)", queries: [criteriaOf({ action: "patient.emergency_access" })] },
    { label: "outcome", queries: ["success", "failure", "denied"].map((status) => criteriaOf({ status })) },
    { label: "data category", queries: many("dataCategory", "dataCategory") },
    { label: "resource type", queries: many("resourceType", "resourceType") },
    { label: "resource id", queries: many("resourceId", "resourceId") },
    { label: "request id", queries: many("requestId", "requestId") },
    { label: "time range, one day", queries: days.map((date) => criteriaOf({ from: date, to: date })) },
    { label: "time range, one month", queries: months.map((month) => criteriaOf(monthRange(month))) },
    {
      label: "action + one month (emergency access)",
      queries: months.map((month) => criteriaOf({ action: "patient.emergency_access", ...monthRange(month) })),
    },
    { label: "user + action (sampled users, views)", queries: users.map((user) => criteriaOf({ user, action: "patient.viewed" })) },
    { label: "outcome + event type (denied authorizations)", queries: [criteriaOf({ status: "denied", eventType: "authorization" })] },
  ].filter((scenario) => scenario.queries.length > 0);
}

function cursorAt(row: SampledRow, sort: AuditSortField, windowTop: string | null): AuditCursor {
  const value = sort === "id" || sort === "timestamp" ? null : (row[sort] as string | number | null);
  return { value, timestamp: row.timestamp, id: row.id, windowTop };
}

/**
 * Every sort in both directions: the first page, then pages after cursors at sampled rows (deep in the trail for
 * an indexed column; inside the newest-events window for the others, whose cursors carry the window's top).
 */
async function sortScenarios(run: SqlRunner, rows: SampledRow[]): Promise<Scenario[]> {
  const [top] = await run<{ id: string }>(Prisma.sql`SELECT max(id)::text AS id FROM audit_logs`);
  const newest = await run<SampledRow>(Prisma.sql`
    SELECT ${Prisma.raw(
      AUDIT_SORT_FIELDS.map((field) => {
        const { column, type } = AUDIT_SORT_COLUMNS[field];
        return `${type === "bigint" || type === "uuid" ? `"${column}"::text` : `"${column}"`} AS "${field}"`;
      }).join(", "),
    )} FROM audit_logs ORDER BY timestamp DESC, id DESC LIMIT 10000`);
  return AUDIT_SORT_FIELDS.flatMap((sort) =>
    (["asc", "desc"] as const).map((dir) => {
      const first = criteriaOf({ sort, dir });
      const indexed = AUDIT_SORT_COLUMNS[sort].indexed;
      const from = indexed ? rows : newest.filter((_, index) => index % 97 === 0);
      const deep = from.map((row) => ({ ...first, position: { direction: "after" as const, cursor: cursorAt(row, sort, indexed ? null : (top?.id ?? null)) } }));
      // Every other request is the first page; the rest are pages deep inside.
      const queries = deep.flatMap((criteria) => [first, criteria]);
      return { label: `sort ${sort} ${dir}${indexed ? "" : " (newest 10,000)"}, first and deep pages`, queries };
    }),
  );
}

const cycle = <T>(items: readonly T[]) => (index: number): T => items[index % items.length] as T;

/** The statements listAuditEvents sends, on a plain pg connection: lookups, the page, the count, the audit row. */
async function everyStatement(run: SqlRunner, ctx: AuthContext, criteria: Criteria): Promise<AuditEventPage> {
  const events = await listAuditEventsWith(run, criteria);
  await writeAuditWith(run, reviewed(ctx, { view: "log", bench: true, total: events.total }));
  return events;
}

async function describe(list: (criteria: Criteria) => Promise<AuditEventPage>, scenario: Scenario): Promise<string> {
  const totals: number[] = [];
  let estimated = 0;
  for (const criteria of scenario.queries.slice(0, 20)) {
    const page = await list(criteria);
    totals.push(page.total);
    if (page.totalIsEstimate) estimated += 1;
  }
  totals.sort((a, b) => a - b);
  const median = totals[Math.floor(totals.length / 2)] ?? 0;
  return `${scenario.queries.length} queries; median ${median.toLocaleString("en-US")} matches${estimated > 0 ? " (estimated)" : ""}`;
}

/** The log as it paged before: an exact count(*) and ORDER BY … OFFSET, at page 1 and page 400 of 25. */
async function previousApproach(pool: ReturnType<typeof rawPool>, load: LoadOptions): Promise<ReportRow[]> {
  const page = (offset: number) => async () => {
    await pool.query("SELECT count(*) FROM audit_logs");
    await pool.query("SELECT * FROM audit_logs ORDER BY timestamp DESC, id DESC LIMIT 25 OFFSET $1", [offset]);
  };
  const short = { ...load, durationMs: Math.min(load.durationMs, 5_000) };
  return [
    { measurement: await measure("before: count(*) + OFFSET, page 1", page(0), short), note: "the previous audit page's statements" },
    { measurement: await measure("before: count(*) + OFFSET, page 400", page(9_975), short), note: "the previous audit page's statements" },
  ];
}

const verdict = (m: Measurement) => (m.errors === 0 && m.p95 < TARGET_P95_MS ? `p95 < ${TARGET_P95_MS} ms` : `**p95 ≥ ${TARGET_P95_MS} ms or errors**`);

export async function benchAuditReview(load: LoadOptions, options: AuditReviewOptions): Promise<void> {
  // Session settings (replication role, statement timeout) for the bulk insert: PostgreSQL itself, not a pooler.
  const growth = await growAuditTrail(env().DIRECT_DATABASE_URL, options.rows, (line) => console.log(line));
  if (growth.previous < options.rows) {
    console.log(`audit trail grown to ${growth.rows.toLocaleString("en-US")} rows: ${growth.generateSeconds.toFixed(0)} s generating, ${growth.indexSeconds.toFixed(0)} s indexing`);
  }
  const pool = rawPool();
  const ctx = contextFor("compliance", "/bench/audit");
  const raw = (criteria: Criteria) => inSqlTransaction(pool, (run) => everyStatement(run, ctx, criteria));
  const rows: ReportRow[] = [];
  try {
    const sample = await inSqlTransaction(pool, (run) => sampleRows(run, 200));
    const scenarios = [
      ...(await inSqlTransaction(pool, (run) => filterScenarios(run, sample))),
      ...(await inSqlTransaction(pool, (run) => sortScenarios(run, sample))),
    ];
    for (const scenario of scenarios) {
      const query = cycle(scenario.queries);
      const note = await describe(raw, scenario);
      const baseline = await measure(`${scenario.label}: raw SQL (pg), every statement`, (i) => raw(query(i)), load);
      const app = await measure(`${scenario.label}: listAuditEvents`, (i) => listAuditEvents(ctx, query(i)), load);
      rows.push({ measurement: baseline, note }, { measurement: app, baseline, note: verdict(app) });
      console.log(`  ${scenario.label}: p95 ${app.p95.toFixed(1)} ms (raw ${baseline.p95.toFixed(1)} ms); ${note}`);
    }
    rows.push(...(await previousApproach(pool, load)));
  } finally {
    await pool.end();
  }
  printReport(`Audit review on ${growth.rows.toLocaleString("en-US")} audit rows (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each)`, rows);
}
