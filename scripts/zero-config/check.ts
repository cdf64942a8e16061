import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import pg from "pg";
import { embeddedHome, runsAsRoot } from "@/lib/dev/embedded-location";
import { DEMO_USERS } from "@/lib/seed/demo-users";
import { cloneWorkingTree, privateFolder, removeFolder } from "@/scripts/zero-config/clones";
import { HttpSession } from "@/scripts/zero-config/http-session";

// `npm test` step: the README's zero-configuration start, as a new user (or CI, as root) does it from a clone in a
// folder nobody else may enter, with a second clone starting at the same moment. It stays alive when every database
// session is terminated, stops cleanly, and a failed start says what to do in one line.

const results: { name: string; ok: boolean; detail: string }[] = [];

async function check(name: string, work: () => Promise<string | void>): Promise<boolean> {
  try {
    const detail = (await work()) ?? "";
    results.push({ name, ok: true, detail });
    console.log(`ok   ${name}${detail ? ` (${detail})` : ""}`);
    return true;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, detail });
    console.log(`FAIL ${name}: ${detail}`);
    return false;
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** The environment of a new user's shell: nothing configured. */
function unconfigured(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
  for (const name of ["DATABASE_URL", "DIRECT_DATABASE_URL", "REDIS_URL", "ENCRYPTION_KEY", "ENCRYPTION_KEYS", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "MERIDIAN_EMBEDDED_DATABASE", "TEST_DATABASE_ADMIN_URL", "NEXT_DIST_DIR", "PORT", "NODE_ENV"]) {
    if (!(name in extra)) delete environment[name];
  }
  return environment;
}

interface Run {
  child: ChildProcess;
  exit: Promise<number | null>;
  log: string;
}

/** Runs an npm script in `clone`, in its own process group (as a terminal would), its output to a log file. */
function npm(clone: string, args: string[], environment: NodeJS.ProcessEnv, log: string): Run {
  const output = openSync(log, "w");
  const child = spawn("npm", args, { cwd: clone, env: environment, stdio: ["ignore", output, output], detached: true });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exit, log };
}

const tail = (log: string) => readFileSync(log, "utf8").trim().split("\n").slice(-5).join(" | ");

async function within<T>(seconds: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface EmbeddedState {
  home: string;
  dataDir: string;
  port: number;
  urlFor(database: string): string;
}

function embeddedState(clone: string): EmbeddedState {
  const home = embeddedHome(clone);
  const settings = JSON.parse(readFileSync(path.join(home, "postgres.json"), "utf8")) as { port: number; password: string };
  return {
    home,
    dataDir: path.join(home, "postgres"),
    port: settings.port,
    urlFor: (database) => `postgresql://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/${database}`,
  };
}

function serverPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Waits until the server on `dataDir` has exited (after a SIGINT from whoever started it, or from here). */
async function serverGone(dataDir: string, seconds: number): Promise<boolean> {
  for (let waited = 0; waited < seconds * 10; waited += 1) {
    if (serverPid(dataDir) === null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function waitUntilReady(baseUrl: string, run: Run): Promise<void> {
  const deadline = Date.now() + 420_000;
  let exited = false;
  void run.exit.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`npm run dev exited: ${tail(run.log)}`);
    const response = await fetch(new URL("/api/health/ready", baseUrl), { signal: AbortSignal.timeout(120_000) }).catch(() => null);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`not ready within 420 s: ${tail(run.log)}`);
}

const pgPasswordFiles = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("pg-password-")));

const folder = privateFolder();
const first = cloneWorkingTree(path.join(folder, "first"));
const second = cloneWorkingTree(path.join(folder, "second"));
const passwordFilesBefore = pgPasswordFiles();
const port = await getPort({ host: "127.0.0.1" });
const baseUrl = `http://127.0.0.1:${port}`;
console.log(`zero-config: clones in ${folder} (mode 0700)${runsAsRoot() ? ", as root" : ""}; app on port ${port}`);

const dev = npm(first, ["run", "dev"], unconfigured({ PORT: String(port) }), path.join(folder, "first-dev.log"));
const migrate = npm(second, ["run", "-s", "db:migrate"], unconfigured(), path.join(folder, "second-migrate.log"));

try {
  await check("a second clone's embedded PostgreSQL starts at the same moment (db:migrate)", async () => {
    const code = await within(300, "db:migrate", migrate.exit);
    assert(code === 0, `exit ${code}: ${tail(migrate.log)}`);
  });

  const ready = await check("npm run dev comes up with no configuration (GET /api/health/ready answers 200)", () => waitUntilReady(baseUrl, dev));

  if (ready) {
    await check("the two clones' servers use their own data folders and ports", async () => {
      const [a, b] = [embeddedState(first), embeddedState(second)];
      assert(a.home !== b.home, "same data folder");
      assert(a.port !== b.port, `both on port ${a.port}`);
      const status = npm(second, ["run", "-s", "db:status"], unconfigured(), path.join(folder, "second-status.log"));
      const code = await within(300, "db:status", status.exit);
      assert(code === 0, `db:status in the second clone while the first runs: exit ${code}: ${tail(status.log)}`);
      return `ports ${a.port} and ${b.port}`;
    });

    if (runsAsRoot()) {
      await check("as root the data lives outside the clone, owned by postgres, mode 0700", async () => {
        const { home, dataDir } = embeddedState(first);
        assert(!home.startsWith(folder), `data in ${home}`);
        const stat = statSync(dataDir);
        assert((stat.mode & 0o777) === 0o700 && stat.uid !== 0, `data folder mode ${(stat.mode & 0o777).toString(8)}, uid ${stat.uid}`);
        return home;
      });
    }

    const clinician = DEMO_USERS.find((user) => user.role === "clinician");
    assert(clinician, "no demo clinician");
    const session = new HttpSession(baseUrl);
    const signedInHome = async () => {
      const response = await session.request("/");
      const body = await response.text();
      assert(response.status === 200 && body.includes(clinician.name), `GET / answered ${response.status} ${response.headers.get("location") ?? ""}`);
    };

    const signedIn = await check("the demo clinician signs in and sees the home page", async () => {
      await session.signIn(clinician.email, clinician.password);
      await signedInHome();
    });

    if (signedIn) {
      await check("after every database session is terminated the clinician is still signed in (pool pre-ping)", async () => {
        const client = new pg.Client({ connectionString: embeddedState(first).urlFor("meridian") });
        await client.connect();
        const { rows } = await client.query<{ n: number }>(
          "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = 'meridian' AND pid <> pg_backend_pid()",
        );
        await client.end();
        assert((rows[0]?.n ?? 0) > 0, "the app held no connection to terminate");
        await signedInHome();
        return `${rows[0]?.n} sessions terminated`;
      });
    }
  }

  if (ready) {
    await check("with the database refusing connections, liveness still answers 200 and readiness 503; then 200 again", async () => {
      const admin = new pg.Client({ connectionString: embeddedState(first).urlFor("postgres") });
      await admin.connect();
      try {
        await admin.query("ALTER DATABASE meridian WITH ALLOW_CONNECTIONS false");
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'meridian'");
        const live = await fetch(new URL("/api/health", baseUrl));
        assert(live.status === 200, `/api/health answered ${live.status}`);
        const down = await fetch(new URL("/api/health/ready", baseUrl));
        const body = await down.text();
        assert(down.status === 503 && JSON.parse(body).status === "down", `/api/health/ready answered ${down.status} ${body}`);
        assert(!/not currently accepting|55000|127\.0\.0\.1/.test(body), `the public body tells why: ${body}`);
      } finally {
        await admin.query("ALTER DATABASE meridian WITH ALLOW_CONNECTIONS true");
        await admin.end();
      }
      const again = await fetch(new URL("/api/health/ready", baseUrl));
      assert(again.status === 200, `after the outage /api/health/ready answered ${again.status}`);
    });
  }

  await check("Ctrl-C stops the app and its embedded PostgreSQL", async () => {
    const { dataDir, port: databasePort } = embeddedState(first);
    assert(dev.child.pid, "no process");
    process.kill(-dev.child.pid, "SIGINT");
    await within(90, "shutdown", dev.exit);
    assert(await serverGone(dataDir, 30), "PostgreSQL still running");
    return `database port ${databasePort} released`;
  });

  await check("a start that cannot reach its database says so in one line", async () => {
    const refused = npm(
      second,
      ["run", "-s", "dev"],
      unconfigured({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/meridian", ENCRYPTION_KEY: randomBytes(32).toString("base64") }),
      path.join(folder, "second-refused.log"),
    );
    const code = await within(120, "refused start", refused.exit);
    const lines = readFileSync(refused.log, "utf8").trim().split("\n");
    assert(code === 1, `exit ${code}`);
    assert(lines.length === 1 && /^Meridian could not start: .*connection refused/.test(lines[0] ?? ""), `output: ${lines.join(" | ")}`);
    return lines[0];
  });

  await check("no password file is left behind (the library's world-readable /tmp/pg-password-*)", async () => {
    const leftovers = [...pgPasswordFiles()].filter((name) => !passwordFilesBefore.has(name));
    assert(leftovers.length === 0, `left in ${tmpdir()}: ${leftovers.join(", ")}`);
    for (const clone of [first, second]) {
      const home = embeddedHome(clone);
      const left = existsSync(home) ? readdirSync(home).filter((name) => name.endsWith("initdb-password")) : [];
      assert(left.length === 0, `left in ${home}: ${left.join(", ")}`);
    }
  });
} finally {
  if (results.some((result) => !result.ok)) {
    for (const log of readdirSync(folder).filter((name) => name.endsWith(".log"))) {
      console.log(`--- ${log} (last lines)\n${readFileSync(path.join(folder, log), "utf8").trim().split("\n").slice(-30).join("\n")}`);
    }
  }
  if (dev.child.exitCode === null && dev.child.pid) {
    try {
      process.kill(-dev.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  for (const clone of [first, second]) {
    const home = embeddedHome(clone);
    const pid = serverPid(path.join(home, "postgres"));
    if (pid) process.kill(pid, "SIGINT");
    if (await serverGone(path.join(home, "postgres"), 30)) removeFolder(home);
  }
  removeFolder(folder);
}

const failed = results.filter((result) => !result.ok).length;
console.log(`zero-config: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
