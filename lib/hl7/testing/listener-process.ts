import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import getPort from "get-port";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface ListenerProcess {
  port: number;
  child: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Signals the whole process group, as a service manager does. */
  signal: (signal: NodeJS.Signals) => void;
}

/** `npm run mllp` as its own process against `databaseUrl`, on `port` (a free one when absent), with `extraEnv`; resolves once listening. */
export async function startListenerProcess(databaseUrl: string, port?: number, extraEnv: Record<string, string> = {}): Promise<ListenerProcess> {
  const listenPort = port ?? (await getPort({ host: "127.0.0.1" }));
  // As `npm run mllp` runs it: one node process with tsx as a loader, so signals reach the listener itself.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/mllp.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, MLLP_PORT: String(listenPort), MLLP_HOST: "127.0.0.1", LOG_LEVEL: "warn", ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes("HL7 MLLP listener on")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the MLLP listener did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const signal = (name: NodeJS.Signals) => {
    if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, name);
  };
  return { port: listenPort, child, output: () => output, exited, signal };
}
