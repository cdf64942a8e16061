import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUDIT_TEXT_COLUMNS } from "@/lib/audit/bounds";
import { ANONYMOUS, requestInfoFrom, type RequestInfo } from "@/lib/audit/context";
import { verifyAuditChain } from "@/lib/audit/verify";
import { recordAudit, type AuditEntry } from "@/lib/audit/writer";
import { SERVER_REQUEST_ID_HEADER } from "@/lib/auth/request-headers";
import { cache, CacheManager, disconnectCache } from "@/lib/cache";
import { silentCacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";

const LIMIT = 5;
const sql = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });

beforeAll(() => {
  // Read on the first env() call, which comes after this (env() parses once per test file).
  process.env.AUDIT_ANONYMOUS_ROWS_PER_MINUTE = String(LIMIT);
});

afterAll(async () => {
  await disconnectCache();
  await sql.end();
});

/** A random documentation-range address, so each test (and each run: Redis keeps counters) has its own counter. */
const uniqueIp = () => `2001:db8::${randomBytes(4).toString("hex").replace(/^(....)/, "$1:")}`;

function anonymousDenial(request: RequestInfo): AuditEntry {
  return { action: "access.denied", actor: ANONYMOUS, request, outcome: "denied", statusCode: 401, details: { permission: "patients:read", reason: "not_authenticated" } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the cache client is connected (its first commands fail while it connects, which counts as Redis down)
 * and, when close to the end of the current minute, for the next one, so a burst of events stays inside one window.
 */
async function readyForBurst(): Promise<void> {
  while ((await cache().increment(`test:warm:${randomUUID()}`, 1, 1)) === null) await sleep(20);
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await sleep(60_000 - intoMinute + 50);
}

interface StoredRow {
  id: string;
  action: string;
  ip_address: string | null;
  details: Record<string, unknown> | null;
}

async function rowsFrom(ip: string): Promise<StoredRow[]> {
  const { rows } = await sql.query<StoredRow>("SELECT id::text AS id, action, ip_address, details FROM audit_logs WHERE ip_address = $1 ORDER BY audit_logs.id", [ip]);
  return rows;
}

describe("audit columns", () => {
  it("the writer knows every text column of audit_logs with its real length", async () => {
    const { rows } = await sql.query<{ column_name: string; character_maximum_length: number }>(
      `SELECT column_name, character_maximum_length FROM information_schema.columns
       WHERE table_name = 'audit_logs' AND data_type IN ('character varying', 'text') AND column_name NOT IN ('hash', 'prev_hash')`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.column_name, row.character_maximum_length]))).toEqual(AUDIT_TEXT_COLUMNS);
  });
});

describe("recordAudit with hostile values", () => {
  it("stores the row, every value fitted to its column, and the chain still verifies", async () => {
    const long = (character: string) => character.repeat(5000);
    const headers = new Headers({
      "x-forwarded-for": `${long("9")}, 10.0.0.1`,
      "user-agent": long("U"),
      "x-request-id": long("R"),
      [SERVER_REQUEST_ID_HEADER]: long("S"),
    });
    const request = { ...requestInfoFrom(headers, long("M"), `/${long("p")}\u0000/${"😀".repeat(2000)}`) };
    const correlation = request.correlationId;
    await recordAudit({
      action: "patient.viewed",
      actor: { kind: "user", id: long("i"), name: `${long("n")}\uD800`, role: long("r") },
      request,
      outcome: "success",
      statusCode: 200,
      resourceType: long("t"),
      resourceId: long("d"),
      patient: { id: "not-a-uuid", mrn: long("m") },
      dataCategory: "demographics",
      details: { criteria: long("c"), nested: [{ value: "\u0000".repeat(10) }] },
    });
    const { rows } = await sql.query<Record<string, string | null>>("SELECT * FROM audit_logs WHERE request_id = $1", [request.requestId]);
    expect(rows).toHaveLength(1);
    const [row = {}] = rows;
    for (const [column, length] of Object.entries(AUDIT_TEXT_COLUMNS)) {
      const value = row[column];
      if (typeof value === "string") expect(Array.from(value).length, column).toBeLessThanOrEqual(length);
    }
    expect(row.ip_address).toBe("10.0.0.1");
    expect(row.user_agent).toHaveLength(512);
    expect(row.correlation_id).toHaveLength(128);
    expect(correlation).toHaveLength(5000);
    expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.patient_id).toBeNull();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe("audit ids", () => {
  it("draws one sequence value per row: concurrent writes leave no gaps", async () => {
    const { rows: before } = await sql.query<{ max: string | null }>("SELECT max(id)::text AS max FROM audit_logs");
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": "10.0.0.2" }), "GET", "/patients");
    await Promise.all(Array.from({ length: 20 }, () => recordAudit({ action: "patient.searched", actor: { kind: "user", id: "u1", name: "u1", role: "clinician" }, request, outcome: "success", statusCode: 200 })));
    const { rows } = await sql.query<{ id: string }>("SELECT id::text AS id FROM audit_logs WHERE audit_logs.id > $1 ORDER BY audit_logs.id", [before[0]?.max ?? "0"]);
    const ids = rows.map((row) => Number(row.id));
    expect(ids).toHaveLength(20);
    expect(ids.at(-1)! - ids[0]! + 1).toBe(20);
    if (before[0]?.max) expect(ids[0]).toBe(Number(before[0].max) + 1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe("anonymous events", () => {
  it("get their own row up to the limit per address and minute, then summary rows with the count", async () => {
    await readyForBurst();
    const ip = uniqueIp();
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": ip }), "GET", "/api/v1/patients");
    for (let event = 0; event < LIMIT + 40; event += 1) await recordAudit(anonymousDenial(request));
    const rows = await rowsFrom(ip);
    expect(rows.filter((row) => row.action === "access.denied")).toHaveLength(LIMIT);
    const summaries = rows.filter((row) => row.action === "audit.summarized");
    expect(summaries.map((row) => row.details?.eventsBeyondLimit)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(summaries[0]?.details).toMatchObject({ latestAction: "access.denied", address: ip, windowSeconds: 60, rowsPerWindow: LIMIT });
  });

  it("are counted per address: another address still gets its own rows", async () => {
    await readyForBurst();
    const flooding = uniqueIp();
    const other = uniqueIp();
    for (let event = 0; event < LIMIT + 3; event += 1) await recordAudit(anonymousDenial(requestInfoFrom(new Headers({ "x-forwarded-for": flooding }), "GET", "/")));
    await recordAudit(anonymousDenial(requestInfoFrom(new Headers({ "x-forwarded-for": other }), "GET", "/")));
    expect((await rowsFrom(other)).map((row) => row.action)).toEqual(["access.denied"]);
  });

  it("share one count across instances: the counter lives in Redis, not in the process", async () => {
    await readyForBurst();
    const ip = uniqueIp();
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": ip }), "GET", "/");
    for (let event = 0; event < LIMIT; event += 1) await recordAudit(anonymousDenial(request));
    // A fresh cache client, as another web instance would have: it must see the same count.
    await disconnectCache();
    await readyForBurst();
    await recordAudit(anonymousDenial(request));
    expect((await rowsFrom(ip)).map((row) => row.action)).toEqual([...Array<string>(LIMIT).fill("access.denied"), "audit.summarized"]);
  });

  it("signed-in users are never limited", async () => {
    await readyForBurst();
    const ip = uniqueIp();
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": ip }), "GET", "/");
    const actor = { kind: "user" as const, id: randomUUID(), name: "someone", role: "clinician" };
    for (let event = 0; event < LIMIT + 3; event += 1) await recordAudit({ ...anonymousDenial(request), actor, statusCode: 403 });
    expect(await rowsFrom(ip)).toHaveLength(LIMIT + 3);
  });

  it("each get their own row while Redis is down: nothing is lost", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await disconnectCache();
    const unreachable = new RedisStore({ url: `redis://127.0.0.1:${port}`, keyPrefix: "test:", commandTimeoutMs: 100, connectTimeoutMs: 200, logger: silentCacheLogger });
    const holder = globalThis as typeof globalThis & { meridianCache?: CacheManager };
    holder.meridianCache = new CacheManager(unreachable, { defaultTtlSeconds: 60, logger: silentCacheLogger });

    const ip = uniqueIp();
    const request = requestInfoFrom(new Headers({ "x-forwarded-for": ip }), "GET", "/");
    for (let event = 0; event < LIMIT + 3; event += 1) await recordAudit(anonymousDenial(request));
    expect((await rowsFrom(ip)).filter((row) => row.action === "access.denied")).toHaveLength(LIMIT + 3);
    await disconnectCache();
  });
});
