import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

// The production server as `npm start` runs it (scripts/server.mjs over a `next build`), started by a benchmark on
// the benchmark's database, in a build folder of its own so it never disturbs the e2e build in .next.

const ROOT = path.resolve(import.meta.dirname, "../..");
export const BENCH_DIST_DIR = ".next-bench";

export interface ProductionServer {
  url: string;
  /** The server's process id (its CPU is read from /proc: scripts/bench/cpu.ts). */
  pid: number;
  /** The server process's resident memory now, in bytes (Linux /proc). */
  residentBytes(): number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function buildProduction(env: NodeJS.ProcessEnv): void {
  console.log(`next build into ${BENCH_DIST_DIR} (--no-build reuses the last one)…`);
  // next build adds its build folder's type directories to tsconfig.json's include: a bench run must not edit the repository.
  const tsconfig = path.join(ROOT, "tsconfig.json");
  const original = readFileSync(tsconfig, "utf8");
  try {
    const build = spawnSync("npx", ["next", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env });
    if (build.status !== 0) throw new Error("next build failed");
  } finally {
    writeFileSync(tsconfig, original);
  }
}

function residentBytesOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((text) => text.startsWith("VmRSS:"));
  return Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN) * 1024;
}

/** Starts `node scripts/server.mjs` on `port` and resolves once it says it is ready. */
export function startProduction(env: NodeJS.ProcessEnv, port: number): Promise<ProductionServer> {
  const child = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!/meridian: ready on /.test(output)) return;
      child.stdout.off("data", onData);
      const pid = child.pid ?? 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid,
        residentBytes: () => residentBytesOf(pid),
        stop: async () => {
          child.kill("SIGTERM");
          await exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`the production server exited (${code}) before it was ready:\n${output}`)));
  });
}
