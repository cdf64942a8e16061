import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import getPort from "get-port";
import { Redis } from "ioredis";

// One throwaway redis-server (or sentinel) process for a test: its own port, its own folder, stopped by the test.
// Never the shared Redis on 6379. The cluster and sentinel harnesses build on it, each with a group of its own.

export interface RedisProcess {
  port: number;
  /** Runs one command on this server (a fresh connection each time, so it works on a server just restarted). */
  command(name: string, ...args: (string | number)[]): Promise<unknown>;
  /** SIGKILL: the way a crashed machine goes, without a goodbye to clients or replicas. */
  kill(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 10_000;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

async function runCommand(port: number, name: string, args: (string | number)[]): Promise<unknown> {
  const client = new Redis({ host: "127.0.0.1", port, protocol: 2, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await client.call(name, ...args);
  } finally {
    client.disconnect();
  }
}

async function startOnce(argsFor: (port: number) => string[], folder: string): Promise<RedisProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const args = argsFor(port);
  const child = spawn("redis-server", [...args, "--bind", "127.0.0.1", "--dir", folder], { stdio: ["ignore", "pipe", "pipe"] });
  // Read continuously, so a full pipe never stalls the server; the tail explains a failed start.
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited(child);
  };
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (await runCommand(port, "PING", []).then(() => true, () => false)) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(`redis-server ${args.join(" ")} did not start on 127.0.0.1:${port}: ${log.trim() || "no output"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, command: (name, ...rest) => runCommand(port, name, rest), kill };
}

/**
 * Starts `redis-server <argsFor(port)>` on a free loopback port with `folder` as its working directory, and waits
 * until it answers PING. A port taken between choosing and binding it is tried again.
 */
async function startRedisProcess(argsFor: (port: number) => string[], folder: string): Promise<RedisProcess> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(argsFor, folder);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes("Address already in use")) throw error;
    }
  }
}

/** The redis processes of one harness (a cluster, a sentinel deployment), sharing one temporary folder. */
export interface RedisProcessGroup {
  folder: string;
  /** startRedisProcess() in the group's folder. */
  start(argsFor: (port: number) => string[]): Promise<RedisProcess>;
  /** Kills every process started through the group and removes its folder. */
  stop(): Promise<void>;
}

export function redisProcessGroup(folderPrefix: string): RedisProcessGroup {
  const folder = mkdtempSync(path.join(tmpdir(), folderPrefix));
  const started: RedisProcess[] = [];
  return {
    folder,
    async start(argsFor) {
      const server = await startRedisProcess(argsFor, folder);
      started.push(server);
      return server;
    },
    async stop() {
      await Promise.all(started.map((server) => server.kill()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 100 ms until it returns true; throws `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
