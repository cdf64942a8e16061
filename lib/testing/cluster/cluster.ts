import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import getPort from "get-port";
import { startHttpFront, startTcpFront, type Front } from "@/lib/testing/cluster/round-robin";

// Several instances of each Meridian process on one PostgreSQL and one Redis, behind the round-robin fronts:
// two web servers (the production build, as `npm start` runs it), two MLLP listeners and two workers.
// `npm run cluster` and e2e/cluster.spec.ts both start it through here.

const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = ["--conditions=react-server", "--import", "tsx"];
// A cold server compiles each route on its first request: seconds apiece on a small machine.
const WARM_UP_ROUTES = ["/api/health", "/login", "/api/auth/providers", "/api/auth/csrf", "/"];

export type ClusterRole = "web" | "mllp" | "worker";

export interface ClusterProcess {
  role: ClusterRole;
  /** web and mllp: the port it listens on; worker: null. */
  port: number | null;
  pid: number;
  /** Everything it printed, stdout and stderr (with `log`, only until it was ready). */
  output(): string;
}

export interface Cluster {
  /** The HTTP front's URL, also every web instance's NEXTAUTH_URL. */
  url: string;
  /** The MLLP front's port. */
  mllpPort: number;
  web: ClusterProcess[];
  mllp: ClusterProcess[];
  workers: ClusterProcess[];
  httpFront: Front;
  mllpFront: Front;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** The environment every process starts with (DATABASE_URL, REDIS_URL, secrets…); NEXTAUTH_URL is set here. */
  env: NodeJS.ProcessEnv;
  instances?: number;
  /** Front ports; free ones when absent. */
  httpPort?: number;
  mllpPort?: number;
  /** Receives each process's output as it comes (`npm run cluster` prints it); it is then not kept in memory. */
  log?: (name: string, text: string) => void;
}

interface Started extends ClusterProcess {
  child: ChildProcess;
}

interface Launch {
  role: ClusterRole;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number | null;
  readyLine: string;
  log?: ClusterOptions["log"];
}

function launch({ role, args, env, port, readyLine, log }: Launch): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let ready = false;
  const started: Started = { role, port, pid: child.pid ?? 0, child, output: () => output };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 120 s:\n${output}`)), 120_000);
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      log?.(`${role}:${child.pid}`, text);
      if (!log || !ready) output += text;
      if (ready || !output.includes(readyLine)) return;
      ready = true;
      clearTimeout(timer);
      resolve(started);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

async function stopProcess({ child }: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  await exited;
  clearTimeout(timer);
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.instances ?? 2;
  const free = () => getPort({ host: "127.0.0.1" });
  const webPorts = await Promise.all(Array.from({ length: count }, free));
  const mllpPorts = await Promise.all(Array.from({ length: count }, free));
  const httpFront = await startHttpFront(webPorts, options.httpPort);
  const mllpFront = await startTcpFront(mllpPorts, options.mllpPort);
  const url = `http://127.0.0.1:${httpFront.port}`;
  const env = { ...options.env, NEXTAUTH_URL: url };

  const log = options.log;
  const launches = [
    ...webPorts.map((port) => launch({ role: "web", args: ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], env, port, readyLine: "meridian: ready on", log })),
    ...mllpPorts.map((port) =>
      launch({ role: "mllp", args: [...TSX, "scripts/mllp.ts"], env: { ...env, MLLP_PORT: String(port), MLLP_HOST: "127.0.0.1" }, port, readyLine: "HL7 MLLP listener on", log }),
    ),
    ...Array.from({ length: count }, () => launch({ role: "worker", args: [...TSX, "scripts/worker.ts"], env, port: null, readyLine: "Meridian worker", log })),
  ];
  const results = await Promise.allSettled(launches);
  const processes = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => {
    await Promise.all(processes.map(stopProcess));
    await Promise.all([httpFront.close(), mllpFront.close()]);
  };
  const failure = results.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const web = processes.filter((entry) => entry.role === "web");
  for (const route of WARM_UP_ROUTES) await Promise.all(web.map((entry) => fetch(`http://127.0.0.1:${entry.port}${route}`, { redirect: "manual" })));
  return {
    url,
    mllpPort: mllpFront.port,
    web,
    mllp: processes.filter((entry) => entry.role === "mllp"),
    workers: processes.filter((entry) => entry.role === "worker"),
    httpFront,
    mllpFront,
    stop,
  };
}
