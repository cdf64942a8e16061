import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import pg from "pg";
import { serverAccount, type Account } from "@/lib/dev/embedded-location";
import { migrateUp } from "@/lib/db/migrations/runner";

// A primary PostgreSQL and a hot standby streaming from it, both started for a test in a temporary folder on free
// ports (the machine's shared server is never reconfigured): initdb, the migrations, `pg_basebackup -R -X stream`,
// then the standby. Debian's PostgreSQL binaries, since the embedded package ships no pg_basebackup; as root they run
// as the `postgres` system user, which PostgreSQL requires.

const BINARIES = process.env.POSTGRES_BINARIES ?? "/usr/lib/postgresql/15/bin";
const DATABASE = "meridian";
const READY_TIMEOUT_MS = 20_000;

export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Superuser connections to each server's `meridian` database, for the test's own checks. */
  primary: pg.Pool;
  replica: pg.Pool;
  /** Stops the standby alone (immediate shutdown), as a replica that goes down. */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

function run(binary: string, args: string[], cwd: string, account: Account | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BINARIES, binary), args, { cwd, stdio: ["ignore", "ignore", "pipe"], ...account });
    let errors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}: ${errors.trim()}`))));
  });
}

function serve(dataDir: string, port: number, base: string, account: Account | null): ChildProcess {
  const log = openSync(`${dataDir}.log`, "a");
  if (account) chownSync(`${dataDir}.log`, account.uid, account.gid);
  const settings = ["listen_addresses=127.0.0.1", `unix_socket_directories=${base}`, "fsync=off", "max_wal_senders=4", "wal_level=replica"];
  return spawn(path.join(BINARIES, "postgres"), ["-D", dataDir, "-p", String(port), ...settings.flatMap((setting) => ["-c", setting])], {
    cwd: base,
    stdio: ["ignore", log, log],
    ...account,
  });
}

async function ready(url: string, server: ChildProcess, dataDir: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`PostgreSQL in ${dataDir} stopped: ${readFileSync(`${dataDir}.log`, "utf8").slice(-2000)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGQUIT"); // immediate shutdown: the folder is thrown away
  return exited;
}

const urlOf = (port: number, database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;

export async function startStreamingPair(): Promise<StreamingPair> {
  const account = serverAccount();
  const base = mkdtempSync(path.join(tmpdir(), "meridian-replica-"));
  if (account) chownSync(base, account.uid, account.gid);
  const primaryDir = path.join(base, "primary");
  const replicaDir = path.join(base, "replica");
  const servers: ChildProcess[] = [];
  const primaryPort = await getPort();
  const replicaPort = await getPort({ exclude: [primaryPort] });
  const stop = async () => {
    await Promise.all(servers.map(stopServer));
    rmSync(base, { recursive: true, force: true });
  };
  try {
    await run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"], base, account);
    servers.push(serve(primaryDir, primaryPort, base, account));
    await ready(urlOf(primaryPort, "postgres"), servers[0] as ChildProcess, primaryDir);
    const admin = new pg.Client({ connectionString: urlOf(primaryPort, "postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    await migrateUp(urlOf(primaryPort, DATABASE));
    // initdb's pg_hba.conf lets local replication connections in with trust; -R writes the standby's settings.
    await run("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "-c", "fast"], base, account);
    servers.push(serve(replicaDir, replicaPort, base, account));
    await ready(urlOf(replicaPort, DATABASE), servers[1] as ChildProcess, replicaDir);
  } catch (error) {
    await stop();
    throw error;
  }
  const primaryUrl = urlOf(primaryPort, DATABASE);
  const replicaUrl = urlOf(replicaPort, DATABASE);
  const primary = new pg.Pool({ connectionString: primaryUrl, max: 2 });
  const replica = new pg.Pool({ connectionString: replicaUrl, max: 2 });
  return {
    primaryUrl,
    replicaUrl,
    primary,
    replica,
    stopReplica: async () => {
      await replica.end();
      await stopServer(servers[1] as ChildProcess);
    },
    stop: async () => {
      await Promise.all([primary.end(), replica.ended ? undefined : replica.end()]);
      await stop();
    },
  };
}
