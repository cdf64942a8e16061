import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type PgBoss from "pg-boss";
import { logger } from "@/lib/logger";
import { createBoss, ensureQueue } from "@/lib/worker/boss";
import { startHeartbeat } from "@/lib/worker/heartbeat";
import { jobDefinitions, queuedJobHandlers, type JobDefinition, type JobHandler } from "@/lib/worker/jobs";
import { dropJobSender, setJobSender } from "@/lib/worker/queue";

// The background worker on pg-boss (PostgreSQL-backed: durable, retried, fetched with SKIP LOCKED so no two workers
// take one job). Several may run at once; each registers the same schedules, which pg-boss keeps once.

export interface RunningWorker {
  instanceId: string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  databaseUrl: string;
  connectionCheckMinutes: number;
  /** Jobs to run (tests pass their own); the scheduled jobs by default. */
  jobs?: JobDefinition[];
  /** Queues taken from without a schedule; the notification queues by default, none when `jobs` is given. */
  handlers?: JobHandler[];
}

/** Works `job`'s queue; with `schedule`, a JobDefinition's cron also sends it its ticks. */
export async function registerJob(boss: PgBoss, job: JobHandler | JobDefinition, options: { schedule: boolean }): Promise<void> {
  await ensureQueue(boss, job);
  if (options.schedule && "cron" in job) await boss.schedule(job.name, job.cron, {}, { tz: "UTC" });
  // One job per fetch: a batch that failed would be retried whole, running its other jobs again.
  await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async (batch) => {
    const started = performance.now();
    for (const item of batch) await job.run(item.data, { attempt: item.retryCount + 1, retryLimit: item.retryLimit });
    logger.info({ job: job.name, ms: Math.round(performance.now() - started) }, "job done");
  });
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const instanceId = `worker:${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const boss = createBoss(options.databaseUrl);
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  const jobs = options.jobs ?? jobDefinitions(options.connectionCheckMinutes);
  for (const job of jobs) await registerJob(boss, job, { schedule: options.jobs === undefined });
  const handlers = options.handlers ?? (options.jobs === undefined ? queuedJobHandlers() : []);
  for (const handler of handlers) await registerJob(boss, handler, { schedule: false });
  setJobSender(boss);
  // A fresh start samples at once instead of waiting for the hour (the sampler skips if a sample is recent).
  if (options.jobs === undefined) await boss.send("system.sample", {});
  const heartbeat = await startHeartbeat(instanceId);
  logger.info({ instanceId, jobs: [...jobs, ...handlers].map((job) => job.name) }, "worker started");
  return {
    instanceId,
    async stop() {
      dropJobSender(boss);
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
      await heartbeat.stop();
    },
  };
}
