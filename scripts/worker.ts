import { disconnectCache } from "@/lib/cache";
import { disconnectDb } from "@/lib/db/client";
import { startupFailureLine } from "@/lib/dev/startup-error";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { requireMigrated } from "@/scripts/require-migrated";
import { startInstanceMetrics } from "@/lib/metrics/publisher";
import { startWorker, type RunningWorker } from "@/lib/worker/worker";

// `npm run worker`: scheduled and retried background jobs (connection checks, statistics, samples) on pg-boss,
// against DATABASE_URL. Run as many as you like. SIGTERM or SIGINT let running jobs finish, then it exits 0.

async function start(): Promise<RunningWorker> {
  const settings = env();
  await requireMigrated(settings.DIRECT_DATABASE_URL);
  return startWorker({ databaseUrl: settings.DATABASE_URL, connectionCheckMinutes: settings.CONNECTION_CHECK_MINUTES });
}

let worker: RunningWorker;
try {
  worker = await start();
} catch (error) {
  console.error(`The worker could not start: ${startupFailureLine(error)}`);
  process.exit(1);
}
const metrics = startInstanceMetrics("worker");
console.log(`Meridian worker ${worker.instanceId} running`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "worker stopping: letting running jobs finish");
  metrics.stop();
  await worker.stop();
  await disconnectDb();
  await disconnectCache();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
