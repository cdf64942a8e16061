import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_SORT_COLUMNS } from "@/lib/audit/columns";
import { AUDIT_SORT_FIELDS, type AuditPagePosition } from "@/lib/audit/criteria";
import { decodeAuditCursor } from "@/lib/audit/cursor";
import { auditFilterSql } from "@/lib/audit/filters";
import type { AuditOrder } from "@/lib/audit/listing-sql";
import { readAuditPage } from "@/lib/audit/paging";
import type { AuditEventPage } from "@/lib/audit/types";
import { db, dbPool } from "@/lib/db/client";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Keyset pages against the real database: for every sort column and direction, walking the pages forward and then
// back must list exactly the rows of one ORDER BY, each once, across the empty-value boundary, with ties in time.

const newMarker = () => `paging-${randomUUID().slice(0, 8)}`;
const filterOf = (marker: string) => Prisma.sql`resource_type = ${marker}`;
const filter = filterOf(newMarker());
const ROWS = 13;
const PAGE_SIZE = 2;
const WINDOW = 5;
const patients = [randomUUID(), randomUUID()];

function pick<T>(values: readonly T[], n: number): T {
  return values[n % values.length] as T;
}

/** ROWS rows matching `where`, with repeated and empty values in every column. */
async function seedRows(where: Prisma.Sql): Promise<void> {
  const marker = where.values[0] as string;
  for (let n = 0; n < ROWS; n += 1) {
    await db().auditLog.create({
      data: {
        resourceType: marker,
        // Four rows share each instant, so the order within one time falls to the id.
        timestamp: new Date(Date.UTC(2033, 0, 1 + Math.floor(n / 4))),
        eventType: pick(["data_access", "authentication"], n),
        eventCategory: pick(["patient_view", null, "login"], n),
        action: pick(["patient.viewed", "auth.login_succeeded", "patient.searched"], n),
        userId: pick([null, "u-2", "u-1"], n),
        username: pick(["Bea", null, "Al", "Bea"], n),
        userRole: pick(["clinician", null], n),
        resourceId: pick([null, "r-1", "r-2", "r-1"], n),
        patientId: pick([patients[0], null, patients[1]], n),
        patientMrn: pick([null, "MRN-2", "MRN-1"], n),
        dataCategory: pick(["results", null, "demographics"], n),
        ipAddress: pick(["10.0.0.2", null, "10.0.0.1"], n),
        userAgent: pick([null, "curl/8", "Mozilla/5.0"], n),
        requestMethod: pick(["GET", "POST", null], n),
        requestPath: pick(["/b", null, "/a"], n),
        requestId: pick([null, "req-2", "req-1"], n),
        status: pick(["success", "denied", "failure"], n),
        statusCode: pick([200, null, 403, 200], n),
        durationMs: pick([7, null, 3, 7, 12], n),
      },
    });
  }
}

const run = <T,>(work: Parameters<typeof inSqlTransaction<T>>[1]) => inSqlTransaction(dbPool(), work);

async function expectedIds(order: AuditOrder, candidates: Prisma.Sql): Promise<string[]> {
  const column = AUDIT_SORT_COLUMNS[order.sort].column;
  const key = order.sort === "id" ? ["c.id"] : order.sort === "timestamp" ? ["c.timestamp", "c.id"] : [`c."${column}"`, "c.timestamp", "c.id"];
  const direction = order.dir.toUpperCase();
  const rows = await run((sql) =>
    sql<{ id: string }>(Prisma.sql`SELECT id::text AS id FROM ${candidates} ORDER BY ${Prisma.raw(key.map((part) => `${part} ${direction}`).join(", "))}`),
  );
  return rows.map((row) => row.id);
}

// The marker filter is one equality; counted as if it were not (the estimate first), the answer must be the same.
const page = (where: Prisma.Sql, order: AuditOrder, position?: AuditPagePosition, oneIndex = true) =>
  run((sql) => readAuditPage(sql, { filter: { where, oneIndex }, order, position, pageSize: PAGE_SIZE, sortWindow: WINDOW }));

function positionOf(order: AuditOrder, direction: "after" | "before", encoded: string): AuditPagePosition {
  const cursor = decodeAuditCursor(encoded, order.sort, order.dir);
  if (typeof cursor === "string") throw new Error(cursor);
  return { direction, cursor };
}

/** The pages after `from`, following `next`. */
async function following(where: Prisma.Sql, order: AuditOrder, from: AuditEventPage): Promise<AuditEventPage[]> {
  const pages: AuditEventPage[] = [];
  for (let next = from.next; next; next = pages.at(-1)?.next ?? null) {
    pages.push(await page(where, order, positionOf(order, "after", next)));
    if (pages.length > ROWS) throw new Error("paging does not end");
  }
  return pages;
}

/** The pages before `from`, following `previous`, nearest first. */
async function preceding(where: Prisma.Sql, order: AuditOrder, from: AuditEventPage): Promise<AuditEventPage[]> {
  const pages: AuditEventPage[] = [];
  for (let previous = from.previous; previous; previous = pages.at(-1)?.previous ?? null) {
    pages.push(await page(where, order, positionOf(order, "before", previous)));
    if (pages.length > ROWS) throw new Error("paging back does not end");
  }
  return pages;
}

/** Every page from the first, following `next`; and the same pages reached back from the last, via `previous`. */
async function walk(where: Prisma.Sql, order: AuditOrder, first?: AuditEventPage): Promise<{ forward: AuditEventPage[]; backward: AuditEventPage[] }> {
  const start = first ?? (await page(where, order));
  const forward = [start, ...(await following(where, order, start))];
  const last = forward.at(-1) as AuditEventPage;
  return { forward, backward: [...(await preceding(where, order, last)).toReversed(), last] };
}

const ids = (pages: AuditEventPage[]) => pages.flatMap((each) => each.data.map((row) => row.id));

describe("keyset pages of the audit log", () => {
  beforeAll(() => seedRows(filter));

  const orders = AUDIT_SORT_FIELDS.flatMap((sort) => (["asc", "desc"] as const).map((dir) => ({ sort, dir })));

  it.each(orders.filter(({ sort }) => AUDIT_SORT_COLUMNS[sort].indexed))("$sort $dir: pages forward and back list one ORDER BY", async (order) => {
    const expected = await expectedIds(order, Prisma.sql`(SELECT * FROM audit_logs WHERE ${filter}) AS c`);
    const { forward, backward } = await walk(filter, order);
    expect(ids(forward)).toEqual(expected);
    expect(ids(backward)).toEqual(expected);
    expect(forward.every((each) => each.data.length === PAGE_SIZE || each === forward.at(-1))).toBe(true);
    expect(forward[0]).toMatchObject({ previous: null, total: ROWS, totalIsEstimate: false, sortWindow: null });
    expect(forward.at(-1)?.next).toBeNull();
  });

  it.each(orders.filter(({ sort }) => !AUDIT_SORT_COLUMNS[sort].indexed))(
    "$sort $dir (no index): pages sort the newest matches, the same ones on every page",
    async (order) => {
      const own = filterOf(newMarker());
      await seedRows(own);
      const newest = Prisma.sql`(SELECT * FROM audit_logs WHERE ${own} ORDER BY timestamp DESC, id DESC LIMIT ${WINDOW}) AS c`;
      const expected = await expectedIds(order, newest);
      const first = await page(own, order);
      expect(first).toMatchObject({ sortWindow: WINDOW, total: ROWS });
      // A newer row written after the first page does not join the window the later pages sort.
      await db().auditLog.create({
        data: { resourceType: own.values[0] as string, timestamp: new Date(Date.UTC(2034, 0, 1)), eventType: "audit", action: "audit.viewed", status: "success" },
      });
      const { forward, backward } = await walk(own, order, first);
      expect(ids(forward)).toEqual(expected);
      expect(ids(backward)).toEqual(expected);
    },
  );

  it.each(["asc", "desc"] as const)("several users, time %s: per-user index branches merge into the same pages as one ORDER BY", async (dir) => {
    const marker = filter.values[0] as string;
    const users = auditFilterSql({ resourceType: marker, user: { ids: ["u-1", "u-2"], recordedName: "Bea" } });
    expect(users.fanOut?.branches).toHaveLength(2);
    const order: AuditOrder = { sort: "timestamp", dir };
    const expected = await expectedIds(order, Prisma.sql`(SELECT * FROM audit_logs WHERE ${users.where}) AS c`);
    expect(expected.length).toBeGreaterThan(PAGE_SIZE * 2);
    const read = (position?: AuditPagePosition) => run((sql) => readAuditPage(sql, { filter: users, order, position, pageSize: PAGE_SIZE }));
    const pages = [await read()];
    for (let next = pages[0]?.next; next; next = pages.at(-1)?.next) pages.push(await read(positionOf(order, "after", next)));
    expect(ids(pages)).toEqual(expected);
    const back = await read(positionOf(order, "before", pages.at(-1)?.previous ?? ""));
    expect(back.data.map((row) => row.id)).toEqual(pages.at(-2)?.data.map((row) => row.id));
  });

  it("counts exactly when a page is the only one, and a page past the start still links back", async () => {
    const order: AuditOrder = { sort: "timestamp", dir: "desc" };
    const all = await run((sql) => readAuditPage(sql, { filter: { where: filter, oneIndex: true }, order, pageSize: 100 }));
    expect(all).toMatchObject({ next: null, previous: null, totalIsEstimate: false });
    expect(all.total).toBe(all.data.length);
    const second = await page(filter, order, positionOf(order, "after", (await page(filter, order)).next ?? ""));
    expect(second.previous).not.toBeNull();
    expect(await page(filter, order, undefined, false)).toMatchObject({ total: ROWS, totalIsEstimate: false });
  });

  it("gives up a count that reads table rows past its time budget, keeping the transaction and its timeout", async () => {
    // Each candidate row costs 10 ms here, so counting 13 takes longer than the budget; the page itself is read in full.
    const slow = Prisma.sql`${filter} AND pg_sleep(0.01) IS NOT NULL`;
    const order: AuditOrder = { sort: "timestamp", dir: "desc" };
    const { events, timeout, after } = await run(async (sql) => {
      const [before] = await sql<{ timeout: string }>(Prisma.sql`SELECT current_setting('statement_timeout') AS timeout`);
      const read = await readAuditPage(sql, { filter: { where: slow, oneIndex: false }, order, pageSize: PAGE_SIZE });
      const [now] = await sql<{ timeout: string }>(Prisma.sql`SELECT current_setting('statement_timeout') AS timeout`);
      return { events: read, timeout: before?.timeout, after: now?.timeout };
    });
    expect(events.data).toHaveLength(PAGE_SIZE);
    expect(events.totalIsEstimate).toBe(true);
    expect(after).toBe(timeout);
  });

  it("refuses a cursor made for another sort, and one whose values do not fit the column", () => {
    const encoded = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
    const good = encoded(["statusCode", "asc", 200, "2033-01-01T00:00:00.000Z", "5", null]);
    expect(decodeAuditCursor(good, "statusCode", "asc")).toMatchObject({ value: 200, id: "5" });
    expect(decodeAuditCursor(good, "statusCode", "desc")).toEqual(expect.any(String));
    expect(decodeAuditCursor(good, "durationMs", "asc")).toEqual(expect.any(String));
    expect(decodeAuditCursor(encoded(["statusCode", "asc", "200; DROP", "2033-01-01T00:00:00.000Z", "5", null]), "statusCode", "asc")).toEqual(expect.any(String));
    expect(decodeAuditCursor(encoded(["patientId", "asc", "not-a-uuid", "2033-01-01T00:00:00.000Z", "5", null]), "patientId", "asc")).toEqual(expect.any(String));
    expect(decodeAuditCursor(encoded(["id", "asc", null, "2033-01-01T00:00:00.000Z", "9223372036854775808", null]), "id", "asc")).toEqual(expect.any(String));
    expect(decodeAuditCursor("not base64!", "id", "asc")).toEqual(expect.any(String));
  });
});
