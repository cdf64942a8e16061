import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileQuery } from "@/lib/testing/sql";
import { createBoss } from "@/lib/worker/boss";
import { workerStatus } from "@/lib/worker/heartbeat";
import { startWorker } from "@/lib/worker/worker";

// Two workers on one database share the queue: every job runs exactly once, a failing job is retried, two can start
// at once, and the worker process heartbeats and stops cleanly on SIGTERM.

const query = fileQuery();
const ROOT = path.resolve(import.meta.dirname, "../..");

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

describe("worker", () => {
  it("runs each of 60 jobs once across two workers, and retries a failing one", async () => {
    await query("CREATE TABLE job_runs (n int NOT NULL, worker text NOT NULL)");
    let attemptsOfSeven = 0;
    const job = (worker: string) => ({
      name: "test.record",
      cron: "* * * * *",
      description: "records which worker ran it",
      policy: "standard" as const,
      run: async (data: unknown) => {
        const n = (data as { n: number }).n;
        if (n === 7 && attemptsOfSeven++ === 0) throw new Error("first attempt fails");
        await query("INSERT INTO job_runs (n, worker) VALUES ($1, $2)", [n, worker]);
      },
    });
    const databaseUrl = process.env.DATABASE_URL ?? "";
    const first = await startWorker({ databaseUrl, connectionCheckMinutes: 5, jobs: [job("first")] });
    const second = await startWorker({ databaseUrl, connectionCheckMinutes: 5, jobs: [job("second")] });
    const sender = createBoss(databaseUrl);
    await sender.start();
    try {
      await Promise.all(Array.from({ length: 60 }, (_, n) => sender.send("test.record", { n }, { retryLimit: 3, retryDelay: 1 })));
      await until(async () => Number((await query<{ count: string }>("SELECT count(*) FROM job_runs"))[0]?.count) >= 60, 60_000);
      const runs = await query<{ n: number; times: string }>("SELECT n, count(*) AS times FROM job_runs GROUP BY n HAVING count(*) > 1");
      expect(runs).toEqual([]);
      expect(Number((await query<{ count: string }>("SELECT count(DISTINCT n) FROM job_runs"))[0]?.count)).toBe(60);
      expect(attemptsOfSeven).toBe(2);
      const workers = await query<{ worker: string }>("SELECT DISTINCT worker FROM job_runs");
      expect(workers.length).toBeGreaterThanOrEqual(1);
      expect((await workerStatus()).workers).toBe(2);
    } finally {
      await sender.stop({ graceful: false });
      await first.stop();
      await second.stop();
    }
    expect((await workerStatus()).workers).toBe(0);
  }, 120_000);

  it("two workers starting at once both start, though both create the same new queues", async () => {
    // pg-boss 10 deadlocks two concurrent createQueue calls for one new queue: nearly every time over eight queues.
    const jobs = Array.from({ length: 8 }, (_, n) => ({ name: `test.fresh.${n}`, cron: "0 0 1 1 *", description: "never runs", run: async () => undefined }));
    const databaseUrl = process.env.DATABASE_URL ?? "";
    const started = await Promise.allSettled([0, 1].map(() => startWorker({ databaseUrl, connectionCheckMinutes: 5, jobs })));
    await Promise.all(started.map((result) => (result.status === "fulfilled" ? result.value.stop() : undefined)));
    expect(started.map((result) => (result.status === "rejected" ? String(result.reason) : "started"))).toEqual(["started", "started"]);
    expect((await query<{ name: string }>("SELECT name FROM pgboss.queue WHERE name LIKE 'test.fresh.%'")).length).toBe(8);
  }, 60_000);

  it("npm run worker starts, heartbeats, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/worker.ts")], { cwd: ROOT, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await until(async () => output.includes("Meridian worker") || child.exitCode !== null, 60_000);
    expect(output).toContain("Meridian worker");
    await until(async () => (await workerStatus()).workers === 1, 10_000);
    // A fresh worker samples the record counts at once rather than at the next full hour.
    await until(async () => Number((await query<{ count: string }>("SELECT count(*) FROM system_statistics_samples"))[0]?.count) >= 1, 20_000);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect((await workerStatus()).workers).toBe(0);
  }, 120_000);
});
