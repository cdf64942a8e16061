import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStreamingPair } from "@/lib/testing/streaming-replica";

// Read replicas against a real hot standby: a primary and a standby streaming from it, both started by this file
// (lib/testing/streaming-replica.ts). Pausing the standby's replay makes "served from the replica" visible: a row
// the primary has and the paused standby has not is found only by reads served from the primary.

const pair = await startStreamingPair();
process.env.DATABASE_URL = pair.primaryUrl;
process.env.DATABASE_REPLICA_URLS = pair.replicaUrl;
// Generous: replay is paused on purpose below, and the paused standby must still count as fresh enough.
process.env.DATABASE_REPLICA_MAX_LAG_MS = "60000";

const { isolateCache } = await import("@/lib/patients/testing/cache-isolation");
isolateCache();

const { disconnectDb } = await import("@/lib/db/client");
const { env } = await import("@/lib/env");
const { ReplicaSet, STATUS_MAX_AGE_MS } = await import("@/lib/db/replicas");
const { searchPatients } = await import("@/lib/patients/queries");
const { PatientCreate, PatientSearchCriteria } = await import("@/lib/patients/schema");
const { createPatient } = await import("@/lib/patients/service");
const { contextFor } = await import("@/lib/testing/auth-context");
const { findReportUsers } = await import("@/lib/audit/reports");
const { AuditUserLookup } = await import("@/lib/audit/criteria");
const { CacheManager } = await import("@/lib/cache");
const { databasePanel } = await import("@/lib/dashboards/database");
const { RedisStore } = await import("@/lib/cache/redis-store");
const { nextRequest, uniqueMrn, userContextFor } = await import("@/lib/patients/testing/factories");

afterAll(async () => {
  await disconnectDb();
  await pair.stop();
});

const writer = contextFor("clinician");
const reader = contextFor("clinician");

const byMrn = (mrn: string) => PatientSearchCriteria.parse({ mrn });
const found = async (ctx: typeof writer, mrn: string) => (await searchPatients(nextRequest(ctx), byMrn(mrn))).data.map((row) => row.mrn);

const pauseReplay = () => pair.replica.query("SELECT pg_wal_replay_pause()");
const resumeReplay = () => pair.replica.query("SELECT pg_wal_replay_resume()");

/** Until the standby has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const { rows } = await pair.primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
  for (let waited = 0; waited < 10_000; waited += 20) {
    const { rows: replayed } = await pair.replica.query<{ done: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done", [rows[0]?.lsn]);
    if (replayed[0]?.done) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the standby did not catch up within 10 s");
}

async function newPatient(ctx: typeof writer): Promise<string> {
  const mrn = uniqueMrn("R");
  await createPatient(nextRequest(ctx), PatientCreate.parse({ mrn, firstName: "Rhea", lastName: "Replica", birthDate: "1980-02-03" }));
  return mrn;
}

describe("read replicas (DATABASE_REPLICA_URLS)", () => {
  beforeAll(async () => {
    // A standby's lag is unknown until it has replayed a transaction since it started: until then it serves nothing.
    await newPatient(contextFor("clinician"));
    await caughtUp();
  });

  it("serve other users' searches from the replica, the writer's own search from the primary, audit rows on the primary", async () => {
    await pauseReplay();
    try {
      const mrn = await newPatient(writer);
      // The reader's search is served by the paused standby, which has not replayed the new patient yet.
      const readerRequest = nextRequest(reader);
      expect((await searchPatients(readerRequest, byMrn(mrn))).data).toEqual([]);
      // Its audit row is on the primary, committed before the (empty) page was returned.
      const { rows: audited } = await pair.primary.query("SELECT action, user_id FROM audit_logs WHERE request_id = $1", [readerRequest.request.requestId]);
      expect(audited).toEqual([{ action: "patient.searched", user_id: reader.actor.id }]);
      // The writer reads their own write: the standby has not replayed it, so their search goes to the primary.
      expect(await found(writer, mrn)).toEqual([mrn]);
    } finally {
      await resumeReplay();
    }
    await caughtUp();
  });

  it("serve the writer from the replica again once it has replayed their write", async () => {
    const mine = await newPatient(writer);
    await caughtUp();
    // Routing knows the standby's replay position as of its last status, at most STATUS_MAX_AGE_MS old.
    await new Promise((resolve) => setTimeout(resolve, STATUS_MAX_AGE_MS));
    await pauseReplay();
    try {
      // A row the writer did not write, on the primary only: a search served by the standby cannot see it.
      const other = await newPatient(contextFor("clinician"));
      expect(await found(writer, other)).toEqual([]);
      expect(await found(writer, mine)).toEqual([mine]);
      expect(await found(reader, other)).toEqual([]);
    } finally {
      await resumeReplay();
    }
    await caughtUp();
  });

  it("serve audit review from the replica, its audit row committed on the primary", async () => {
    const auditor = contextFor("compliance");
    await pauseReplay();
    try {
      const added = await userContextFor("clinician");
      const lookup = AuditUserLookup.parse({ q: added.actor.id?.slice(0, 8) });
      const request = nextRequest(auditor);
      // The new user is on the primary only: a lookup served by the paused standby does not find them.
      expect(await findReportUsers(request, lookup)).toEqual([]);
      const { rows } = await pair.primary.query("SELECT action, user_id, details->>'report' AS report FROM audit_logs WHERE request_id = $1", [request.request.requestId]);
      expect(rows).toEqual([{ action: "audit.viewed", user_id: auditor.actor.id, report: "user_lookup" }]);
    } finally {
      await resumeReplay();
    }
    await caughtUp();
  });

  it("pass over a replica further behind than DATABASE_REPLICA_MAX_LAG_MS", async () => {
    const strict = new ReplicaSet({ ...env(), DATABASE_REPLICA_MAX_LAG_MS: 200 });
    const lenient = new ReplicaSet({ ...env(), DATABASE_REPLICA_MAX_LAG_MS: 60_000 });
    try {
      expect(await strict.pick(0n)).not.toBeNull();
      await pauseReplay();
      try {
        await newPatient(contextFor("clinician"));
        await new Promise((resolve) => setTimeout(resolve, 600));
        expect(await strict.pick(0n)).toBeNull();
        expect(await lenient.pick(0n)).not.toBeNull();
      } finally {
        await resumeReplay();
      }
      await caughtUp();
    } finally {
      await Promise.all([strict.end(), lenient.end()]);
    }
  });

  it("pass over a replica cut off from its primary, though it has replayed all it received", async () => {
    const strict = new ReplicaSet({ ...env(), DATABASE_REPLICA_MAX_LAG_MS: 200 });
    const { rows } = await pair.replica.query<{ primary_conninfo: string }>("SHOW primary_conninfo");
    const streaming = async (expected: boolean) => {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const { rows: receivers } = await pair.replica.query("SELECT 1 FROM pg_stat_wal_receiver");
        if ((receivers.length > 0) === expected) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the WAL receiver did not ${expected ? "start" : "stop"} within 10 s`);
    };
    try {
      await pair.replica.query("ALTER SYSTEM SET primary_conninfo = ''");
      await pair.replica.query("SELECT pg_reload_conf()");
      await streaming(false);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(await strict.pick(0n)).toBeNull();
    } finally {
      await pair.replica.query(`ALTER SYSTEM SET primary_conninfo = '${rows[0]?.primary_conninfo.replace(/'/g, "''")}'`);
      await pair.replica.query("SELECT pg_reload_conf()");
      await strict.end();
    }
    await streaming(true);
    await caughtUp();
  });

  it("send every read to the primary while the cache, which keeps who wrote what, is unavailable", async () => {
    // The process's cache (lib/cache/index.ts keeps it on globalThis) swapped for one whose Redis does not answer.
    const holder = globalThis as typeof globalThis & { meridianCache?: InstanceType<typeof CacheManager> };
    const shared = holder.meridianCache;
    const unreachable = new CacheManager(new RedisStore({ url: "redis://127.0.0.1:1", keyPrefix: "replica-test:", commandTimeoutMs: 100 }), { defaultTtlSeconds: 60 });
    await pauseReplay();
    try {
      const mrn = await newPatient(writer);
      holder.meridianCache = unreachable;
      expect(await found(writer, mrn)).toEqual([mrn]);
      // Not only the writer: whose write it was cannot be known, so nobody's read may be served stale.
      expect(await found(reader, mrn)).toEqual([mrn]);
    } finally {
      holder.meridianCache = shared;
      await unreachable.close();
      await resumeReplay();
    }
    await caughtUp();
  });

  it("show the replica's pool and state on the database dashboard", async () => {
    const panel = await databasePanel(contextFor("admin"));
    expect(panel.replicas).toEqual([
      expect.objectContaining({ name: `replica 1 (${new URL(pair.replicaUrl).host})`, serving: true, pool: expect.objectContaining({ max: 25 }) }),
    ]);
    expect(panel.replicas[0]?.pool.acquisitions).toBeGreaterThan(0);
  });

  it("send reads to the primary when the replica is down", async () => {
    const mrn = await newPatient(writer);
    await caughtUp();
    expect(await found(reader, mrn)).toEqual([mrn]);
    await pair.stopReplica();
    const started = performance.now();
    expect(await found(reader, mrn)).toEqual([mrn]);
    expect(await found(reader, mrn)).toEqual([mrn]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
