import { directUrl, pooler, SERVER_CONNECTIONS } from "@/lib/testing/through-pgbouncer";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import { dbPool } from "@/lib/db/client";
import { migrationStatus } from "@/lib/db/migrations/runner";
import { poolConfig } from "@/lib/db/pool";
import { env } from "@/lib/env";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { getPatientChart, searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria, PatientUpdate } from "@/lib/patients/schema";
import { updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";
import { createBoss, ensureQueue } from "@/lib/worker/boss";

// The core of the app through a real PgBouncer in transaction pooling mode (lib/testing/through-pgbouncer.ts): many
// app clients share three server connections, so transactions of concurrent requests interleave on each of them.
// A named prepared statement, a session-level setting or lock, or a startup parameter PgBouncer cannot keep fails here.

isolateCache();

// Checks what was written, bypassing the pooler.
const direct = new pg.Pool({ connectionString: directUrl, max: 2 });
afterAll(() => direct.end());

const pooledDatabase = new URL(pooler.url).pathname.slice(1);

/** Transactions PgBouncer has run for the file's database. */
async function pooledTransactions(): Promise<number> {
  const stats = await pooler.admin<{ database: string; total_xact_count: string }>("SHOW STATS");
  return Number(stats.find((row) => row.database === pooledDatabase)?.total_xact_count ?? 0);
}

// Settings PgBouncer itself keeps per client (and the statement timeout its connect_query sets): any other
// session-level setting on a server connection was left there by some client, for the next one to inherit.
const POOLER_SETTINGS = ["application_name", "client_encoding", "datestyle", "timezone", "standard_conforming_strings", "statement_timeout"];

interface ServerConnectionState {
  pid: number;
  preparedStatements: number;
  sessionSettings: string[];
}

/** Holds as many transactions as PgBouncer has server connections, so each runs on a different one, and reads its state. */
async function everyServerConnection(): Promise<ServerConnectionState[]> {
  const clients = await Promise.all(Array.from({ length: SERVER_CONNECTIONS }, async () => {
    const client = new pg.Client({ connectionString: pooler.url });
    await client.connect();
    return client;
  }));
  try {
    await Promise.all(clients.map((client) => client.query("BEGIN")));
    return await Promise.all(
      clients.map(async (client) => {
        const { rows } = await client.query<{ pid: number; prepared: number; settings: string[] }>(
          `SELECT pg_backend_pid() AS pid, (SELECT count(*)::int FROM pg_prepared_statements) AS prepared,
             ARRAY(SELECT name FROM pg_settings WHERE source = 'session' AND lower(name) <> ALL ($1::text[]) ORDER BY name) AS settings`,
          [POOLER_SETTINGS],
        );
        const row = rows[0];
        return { pid: row?.pid ?? 0, preparedStatements: row?.prepared ?? -1, sessionSettings: row?.settings ?? [] };
      }),
    );
  } finally {
    await Promise.all(clients.map(async (client) => {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.end();
    }));
  }
}

const hl7Source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.9.8.7", port: 40000 }, 2575) };

async function ingest(...segments: string[]): Promise<string> {
  const result = await ingestHl7(Buffer.from(segments.join("\r")), hl7Source);
  return result.response.toString("utf8").split("\r").find((segment) => segment.startsWith("MSA")) ?? "";
}

const msh = (controlId: string, type: string) => `MSH|^~\\&|LAB|GENHOSP|MERIDIAN|HUB|20261201083000-0500||${type}|${controlId}|P|2.5.1`;

/** A new patient by ADT^A01, then a result for it by ORU^R01: both acknowledged AA. */
async function admitWithResult(mrn: string): Promise<string[]> {
  const admitted = await ingest(msh(`ADT-${mrn}`, "ADT^A01^ADT_A01"), "EVN|A01|20261201083000", `PID|1||${mrn}^^^GENHOSP^MR||Pooled^Pat||19800101|F`);
  const resulted = await ingest(
    msh(`ORU-${mrn}`, "ORU^R01"),
    `PID|1||${mrn}^^^GENHOSP^MR`,
    `OBR|1|PLC-${mrn}|FIL-${mrn}|80048^BMP|||20261201070000-0500`,
    "OBX|1|NM|2345-7^Glucose^LN||5.2|mmol/L|3.9-5.5|N|||F",
  );
  return [admitted, resulted];
}

const FIRST_NAMES = ["Amelia", "Bernard", "Celine", "Dmitri", "Evelyn", "Farouk", "Greta", "Hamish", "Ingrid", "Jasper", "Keiko", "Lorenzo"];

describe("behind PgBouncer in transaction pooling mode", () => {
  it("sends the app through the pooler and migrations straight to PostgreSQL", async () => {
    expect(env()).toMatchObject({ DATABASE_URL: pooler.url, DIRECT_DATABASE_URL: directUrl });
    expect(dbPool().options.connectionString).toBe(pooler.url);
    expect(await migrationStatus(env().DIRECT_DATABASE_URL)).toMatchObject({ pending: [], modified: [] });
    // The app sends no statement_timeout at connection start (PgBouncer refuses it); the pooler sets the same one.
    const { rows } = await dbPool().query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'");
    expect(Number(rows[0]?.setting)).toBe(env().DATABASE_STATEMENT_TIMEOUT_MS);
  });

  it("is a transaction pooler that refuses the pool configuration a direct connection gets", async () => {
    const pools = await pooler.admin<{ database: string; pool_mode: string }>("SHOW POOLS");
    expect(pools.find((row) => row.database === pooledDatabase)?.pool_mode).toBe("transaction");
    const unaware = new pg.Client(poolConfig({ ...env(), DIRECT_DATABASE_URL: undefined }));
    unaware.on("error", () => undefined);
    await expect(unaware.connect()).rejects.toThrow(/unsupported startup parameter: statement_timeout/);
    await unaware.end().catch(() => undefined);
  });

  it("runs search, chart, edit and HL7 ingest concurrently on shared server connections, and the audit chain verifies", async () => {
    const family = `Pooled${Math.random().toString(36).slice(2, 7)}`;
    const patients = await Promise.all(FIRST_NAMES.map((firstName) => insertPatient({ firstName, lastName: family })));
    const transactionsBefore = await pooledTransactions();

    const searches = patients.map(() => ({ ctx: contextFor("clinician") }));
    const charts = patients.map((patient) => ({ ctx: contextFor("clinician"), patient }));
    const edits = patients.map((patient) => ({ ctx: contextFor("clinician"), patient }));
    const admissions = FIRST_NAMES.map(() => uniqueMrn("PGB"));
    const [found, read, edited, acknowledged] = await Promise.all([
      Promise.all(searches.map(({ ctx }) => searchPatients(ctx, PatientSearchCriteria.parse({ name: family })))),
      Promise.all(charts.map(({ ctx, patient }) => getPatientChart(ctx, patient.id))),
      Promise.all(edits.map(({ ctx, patient }) => updatePatient(ctx, patient.id, PatientUpdate.parse({ firstName: `${patient.firstName}-edited` })))),
      Promise.all(admissions.map((mrn) => admitWithResult(mrn))),
    ]);

    for (const page of found) expect(page.data.map((row) => row.id).sort()).toEqual(patients.map((patient) => patient.id).sort());
    read.forEach((chart, i) => expect(chart.patient.id).toBe(patients[i]?.id));
    edited.forEach((patient, i) => expect(patient.firstName).toBe(`${FIRST_NAMES[i]}-edited`));
    acknowledged.forEach((acks, i) => expect(acks).toEqual([`MSA|AA|ADT-${admissions[i]}`, `MSA|AA|ORU-${admissions[i]}`]));
    const results = await direct.query("SELECT o.value_quantity FROM observations o JOIN patients p ON p.id = o.patient_id WHERE p.mrn = ANY($1)", [admissions]);
    expect(results.rows).toHaveLength(admissions.length);

    // Each request's audit row committed with it, whichever server connection it ran on.
    for (const [requests, action] of [[searches, "patient.searched"], [charts, "patient.viewed"], [edits, "patient.updated"]] as const) {
      for (const { ctx } of requests) expect((await auditRowsOf(ctx)).map((row) => row.action)).toEqual([action]);
    }
    const received = await direct.query("SELECT count(*)::int AS n FROM audit_logs WHERE action = 'hl7.received'");
    expect(received.rows[0]).toEqual({ n: admissions.length * 2 });
    const trail = await direct.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_logs");
    expect(await verifyAuditChain()).toMatchObject({ ok: true, rowsChecked: trail.rows[0]?.n });

    // It went through PgBouncer, with more app clients than server connections.
    expect((await pooledTransactions()) - transactionsBefore).toBeGreaterThanOrEqual(patients.length * 3 + admissions.length * 2);
    const servers = (await pooler.admin<{ database: string }>("SHOW SERVERS")).filter((row) => row.database === pooledDatabase);
    const clients = (await pooler.admin<{ database: string }>("SHOW CLIENTS")).filter((row) => row.database === pooledDatabase);
    expect(servers.length).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    expect(clients.length).toBeGreaterThan(SERVER_CONNECTIONS);
  });

  it("leaves no prepared statement, session setting or advisory lock on the shared server connections", async () => {
    const states = await everyServerConnection();
    expect(new Set(states.map((state) => state.pid)).size).toBe(SERVER_CONNECTIONS);
    for (const state of states) expect(state).toMatchObject({ preparedStatements: 0, sessionSettings: [] });
    const locks = await direct.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(locks.rows[0]).toEqual({ n: 0 });
  });

  it("runs pg-boss through the pooler: a job is sent, fetched and completed", async () => {
    const boss = createBoss(pooler.url, { sendOnly: true });
    await boss.start();
    try {
      const queue = { name: "pgbouncer-check" };
      await ensureQueue(boss, queue);
      const id = await boss.send(queue.name, { through: "pgbouncer" });
      const [job] = await boss.fetch<{ through: string }>(queue.name);
      expect(job).toMatchObject({ id, data: { through: "pgbouncer" } });
      await boss.complete(queue.name, job?.id ?? "");
      expect(await boss.getJobById(queue.name, job?.id ?? "")).toMatchObject({ state: "completed" });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
