import "server-only";
import { runDetection, type DetectionRun } from "@/lib/alerts/detect/engine";
import { alertsRaised } from "@/lib/alerts/notify-hook";
import { logger } from "@/lib/logger";
import { workerContext } from "@/lib/worker/context";

/**
 * One detection run with the worker's context, the raised alerts then handed to notifications: what the worker's
 * job runs every minute, and what `npm run cli -- alerts detect` runs on demand.
 */
export async function detectionPass(): Promise<DetectionRun> {
  const result = await runDetection(workerContext("alerts.detect"));
  await alertsRaised(result.alerts);
  return result;
}

/** The worker's `alerts.detect` job. */
export async function detectAlerts(): Promise<void> {
  const result = await detectionPass();
  if (result.rowsRead > 0) logger.info({ rows: result.rowsRead, batches: result.batches, alerts: result.alerts.length }, "detection run");
}
