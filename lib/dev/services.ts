import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import { userInfo } from "node:os";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "@/lib/dev/embedded-postgres";

// Finds or provides the real services the test suite needs: PostgreSQL, Redis, Chromium and PgBouncer.

const LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres";
const FALLBACK_REDIS_PORT = 6380;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const PGBOUNCER_PATH = process.env.PGBOUNCER_PATH ?? "/usr/sbin/pgbouncer";

const isRoot = () => userInfo().uid === 0;

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestPostgres {
  adminUrl: string;
  embedded: RunningPostgres | null;
}

/** TEST_DATABASE_ADMIN_URL, else the machine's PostgreSQL on 5432, else an embedded one. */
export async function ensurePostgres(): Promise<TestPostgres> {
  const configured = process.env.TEST_DATABASE_ADMIN_URL;
  if (configured) return { adminUrl: configured, embedded: null };
  if (await postgresAnswers(LOCAL_POSTGRES)) return { adminUrl: LOCAL_POSTGRES, embedded: null };
  console.log("postgres: none on 127.0.0.1:5432, starting the embedded PostgreSQL");
  const embedded = await startEmbeddedPostgres("test-postgres");
  return { adminUrl: embedded.urlFor("postgres"), embedded };
}

function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.end();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function aptInstall(pkg: string): void {
  console.log(`installing ${pkg} with apt-get`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** REDIS_URL, else Redis on 6379, else a redis-server we start (installed through apt when run as root). */
export async function ensureRedis(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (await redisAnswers(6379)) return "redis://127.0.0.1:6379";
  if (await redisAnswers(FALLBACK_REDIS_PORT)) return `redis://127.0.0.1:${FALLBACK_REDIS_PORT}`;
  if (!hasCommand("redis-server")) {
    if (!isRoot()) throw new Error("Redis is needed for the tests: install it (sudo apt-get install -y redis-server) or set REDIS_URL.");
    aptInstall("redis-server");
  }
  execFileSync("redis-server", ["--daemonize", "yes", "--port", String(FALLBACK_REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await redisAnswers(FALLBACK_REDIS_PORT)) return `redis://127.0.0.1:${FALLBACK_REDIS_PORT}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("redis-server did not start");
}

/** Debian's Chromium for Playwright (Playwright's own browser download is not reachable). */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (!isRoot()) throw new Error(`Chromium is needed for the browser tests: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`);
  aptInstall("chromium");
  return CHROMIUM_PATH;
}

/** Debian's PgBouncer, which lib/db/pgbouncer.int.test.ts starts in front of its database (never the system service). */
export function ensurePgbouncer(): string {
  if (existsSync(PGBOUNCER_PATH)) return PGBOUNCER_PATH;
  if (!isRoot()) throw new Error(`PgBouncer is needed for the integration tests: install it (sudo apt-get install -y pgbouncer) or set PGBOUNCER_PATH.`);
  aptInstall("pgbouncer");
  return PGBOUNCER_PATH;
}
