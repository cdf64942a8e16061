import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { AuditSearchCriteria } from "@/lib/audit/criteria";
import { AuditGroupCommit } from "@/lib/audit/group-commit";
import { listAuditEvents } from "@/lib/audit/listing";
import { verifyAuditChain } from "@/lib/audit/verify";
import { auditInsertRows, auditRowValues, type AuditEntry } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { getPatientChart } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";

// Reads are audited by group commit: the row of a read joins those of concurrent requests in one INSERT, and the
// read returns its data only once that INSERT has committed. These tests hold the audit table locked, so a read is
// caught between its read and its audit commit, and show what a caller gets then: nothing, until the row is durable.

isolateCache();

const url = process.env.DATABASE_URL ?? "";
const blocker = new pg.Pool({ connectionString: url, max: 2 });
const pool = new pg.Pool({ connectionString: url, max: 4 });

afterAll(async () => {
  await blocker.end();
  await pool.end();
});

/** Holds a lock that every INSERT into audit_logs waits for, until release() is called. */
async function lockAuditTable(): Promise<{ release: () => Promise<void> }> {
  const client = await blocker.connect();
  await client.query("BEGIN");
  await client.query("LOCK TABLE audit_logs IN SHARE MODE");
  return {
    release: async () => {
      await client.query("COMMIT");
      client.release();
    },
  };
}

/** The backends whose INSERT into audit_logs is waiting for a lock: the commits in flight. */
async function waitingAuditInserts(): Promise<number[]> {
  const { rows } = await blocker.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO audit_logs%'`,
  );
  return rows.map((row) => row.pid);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const settled = (promise: Promise<unknown>) =>
  Promise.race([promise.then(() => "settled", () => "settled"), new Promise((resolve) => setTimeout(() => resolve("pending"), 300))]);

function auditEntry(n: number, action: AuditEntry["action"] = "patient.viewed"): AuditEntry {
  return {
    action,
    actor: { kind: "user", id: `group-commit-${n}`, name: "reader@example.test", role: "clinician" },
    request: { ipAddress: "10.0.0.1", userAgent: "vitest", method: "GET", path: "/patients", requestId: `gc-${n}`, startedAt: performance.now() },
    outcome: "success",
    statusCode: 200,
    resourceType: "patient",
    resourceId: String(n),
  };
}

describe("audit group commit", () => {
  it("returns a chart only once its audit row is committed", async () => {
    const ctx = await userContextFor("clinician");
    const patient = await insertPatient();
    const lock = await lockAuditTable();
    const read = nextRequest(ctx);
    const chart = getPatientChart(read, patient.id);
    await until(async () => ((await waitingAuditInserts()).length > 0 ? true : undefined), "the audit insert");
    expect(await settled(chart)).toBe("pending");
    expect(await db().auditLog.count({ where: { requestId: read.request.requestId } })).toBe(0);
    await lock.release();
    expect((await chart).patient.id).toBe(patient.id);
    expect(await db().auditLog.count({ where: { requestId: read.request.requestId, action: "patient.viewed" } })).toBe(1);
  });

  it("returns an audit review page only once the review's own row is committed", async () => {
    const read = nextRequest(await userContextFor("compliance"));
    const lock = await lockAuditTable();
    const page = listAuditEvents(read, AuditSearchCriteria.parse({}));
    await until(async () => ((await waitingAuditInserts()).length > 0 ? true : undefined), "the audit insert");
    expect(await settled(page)).toBe("pending");
    await lock.release();
    expect((await page).data.length).toBeGreaterThan(0);
    expect(await db().auditLog.count({ where: { requestId: read.request.requestId, action: "audit.viewed" } })).toBe(1);
  });

  it("returns no data when the database loses the commit that holds the read's row", async () => {
    const ctx = await userContextFor("clinician");
    const patient = await insertPatient();
    await getPatientChart(ctx, patient.id); // cached: the next read needs nothing but its audit row
    const lock = await lockAuditTable();
    const read = nextRequest(ctx);
    // Its outcome is taken at once: the read may fail before the test gets to look at it.
    const outcome = getPatientChart(read, patient.id).then(
      (chart) => chart,
      (error: unknown) => error,
    );
    const [pid] = await until(async () => {
      const pids = await waitingAuditInserts();
      return pids.length > 0 ? pids : undefined;
    }, "the audit insert");
    await blocker.query("SELECT pg_terminate_backend($1)", [pid]);
    expect(await outcome).toBeInstanceOf(Error);
    await lock.release();
    expect(await db().auditLog.count({ where: { requestId: read.request.requestId } })).toBe(0);
  });

  it("returns no data from a process that crashes between its read and the audit commit", async () => {
    const ctx = await userContextFor("clinician");
    const patient = await insertPatient({ firstName: "Crashtest" });
    const lock = await lockAuditTable();
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", path.join(import.meta.dirname, "testing/read-chart-process.ts"), JSON.stringify(nextRequest(ctx)), patient.id],
      { env: process.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    try {
      // The child has read the chart (it is in the cache now) and waits for its audit row's commit.
      await until(async () => ((await waitingAuditInserts()).length > 0 ? true : undefined), "the child's audit insert");
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect(stdout).toBe("");
    } finally {
      await lock.release();
    }
  });

  it("commits the rows of concurrent reads together, chained in order, and fails only a row the database refuses", async () => {
    const committer = new AuditGroupCommit(() => pool, auditInsertRows, { maxInFlight: 1, maxRows: 500 });
    await db().$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit storage refused the row'; END $$`,
    );
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_audit_row BEFORE INSERT ON audit_logs FOR EACH ROW WHEN (NEW.action = 'access.denied') EXECUTE FUNCTION refuse_audit_row()`);
    try {
      const lock = await lockAuditTable();
      const first = committer.append(auditRowValues(auditEntry(0)));
      await until(async () => ((await waitingAuditInserts()).length > 0 ? true : undefined), "the first commit");
      // Rows arriving while a commit is in flight wait for the next one, all together.
      const rest = [1, 2, 3, 4, 5].map((n) => committer.append(auditRowValues(auditEntry(n, n === 3 ? "access.denied" : "patient.viewed"))));
      const settledAll = Promise.allSettled([first, ...rest]);
      await lock.release();
      const outcomes = await settledAll;
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    } finally {
      await db().$executeRawUnsafe("DROP TRIGGER IF EXISTS refuse_audit_row ON audit_logs");
    }
    const rows = await db().auditLog.findMany({ where: { userId: { startsWith: "group-commit-" } }, select: { userId: true }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.userId)).toEqual(["group-commit-0", "group-commit-1", "group-commit-2", "group-commit-4", "group-commit-5"]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
