import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import getPort from "get-port";
import pg from "pg";
import { ensurePgbouncer } from "@/lib/dev/services";

// A real PgBouncer in transaction pooling mode in front of one database, started for a test and stopped by it: its
// own process on a free port with a generated pgbouncer.ini in a temporary folder (never the system service).

export interface PgbouncerOptions {
  /** Server connections PgBouncer may open to PostgreSQL (default_pool_size): fewer than the app's clients. */
  serverConnections: number;
  /** The statement timeout the pooler sets on each server connection (connect_query), as a deployment would. */
  statementTimeoutMs: number;
}

export interface RunningPgbouncer {
  /** The pooled URL: what DATABASE_URL is behind PgBouncer. */
  url: string;
  /** A command on PgBouncer's admin console (SHOW STATS, SHOW SERVERS …). */
  admin<Row extends Record<string, unknown>>(command: string): Promise<Row[]>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;

/** A connection-string value, quoted the way pgbouncer.ini reads it. */
function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function iniFor(direct: URL, listenPort: number, options: PgbouncerOptions): { database: string; ini: string } {
  const database = decodeURIComponent(direct.pathname.slice(1));
  const server = [
    `host=${quoted(direct.hostname)}`,
    `port=${direct.port || "5432"}`,
    `dbname=${quoted(database)}`,
    `user=${quoted(decodeURIComponent(direct.username))}`,
    ...(direct.password ? [`password=${quoted(decodeURIComponent(direct.password))}`] : []),
    `connect_query=${quoted(`SET statement_timeout = ${options.statementTimeoutMs}`)}`,
  ];
  const ini = [
    "[databases]",
    `${database} = ${server.join(" ")}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${listenPort}`,
    "unix_socket_dir =",
    // Clients are not checked (the test's own loopback port); PgBouncer logs in to PostgreSQL as the database line says.
    "auth_type = any",
    "pool_mode = transaction",
    `default_pool_size = ${options.serverConnections}`,
    "min_pool_size = 0",
    "reserve_pool_size = 0",
    "max_client_conn = 500",
    "log_connections = 0",
    "log_disconnections = 0",
  ];
  return { database, ini: `${ini.join("\n")}\n` };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

async function answers(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 500 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SHOW VERSION");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startOnce(directUrl: string, options: PgbouncerOptions): Promise<RunningPgbouncer> {
  const binary = ensurePgbouncer();
  const direct = new URL(directUrl);
  const port = await getPort({ host: "127.0.0.1" });
  const folder = mkdtempSync(path.join(tmpdir(), "meridian-pgbouncer-"));
  const { database, ini } = iniFor(direct, port, options);
  const iniPath = path.join(folder, "pgbouncer.ini");
  writeFileSync(iniPath, ini, { mode: 0o600 });
  // PgBouncer refuses to run as root; it reads its ini first, then takes this identity.
  const identity = userInfo().uid === 0 ? ["-u", "nobody"] : [];
  const child = spawn(binary, [...identity, iniPath], { stdio: ["ignore", "pipe", "pipe"] });
  // Read continuously, so a full pipe never stalls PgBouncer; the tail explains a failed start.
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const user = encodeURIComponent(decodeURIComponent(direct.username) || "postgres");
  const adminUrl = `postgresql://${user}@127.0.0.1:${port}/pgbouncer`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited(child);
    rmSync(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answers(adminUrl))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`PgBouncer did not start on 127.0.0.1:${port}: ${log.trim() || "no output"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `postgresql://${user}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    async admin<Row extends Record<string, unknown>>(command: string) {
      // The admin console speaks the simple query protocol only: a query without parameters.
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        return (await client.query<Row>(command)).rows;
      } finally {
        await client.end();
      }
    },
    stop,
  };
}

/** Starts PgBouncer in front of `directUrl`'s database; a port taken between choosing and binding it is tried again. */
export async function startPgbouncer(directUrl: string, options: PgbouncerOptions): Promise<RunningPgbouncer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(directUrl, options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes("Address already in use")) throw error;
    }
  }
}
