import "server-only";
import { detectAlerts } from "@/lib/alerts/detect/job";
import { verifyAuditTrail } from "@/lib/audit/verification";
import { flushConnectionStatistics } from "@/lib/connections/statistics";
import { testConnection } from "@/lib/connections/testing";
import { dbPool } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { notificationHandlers } from "@/lib/notifications/jobs";
import { enforceRetention } from "@/lib/retention/enforce";
import { sendDigests } from "@/lib/notifications/digest";
import { sampleSystemStatistics } from "@/lib/stats/samples";
import type { QueueSpec } from "@/lib/worker/boss";
import { workerContext } from "@/lib/worker/context";

// The worker's scheduled jobs. pg-boss sends each cron tick once however many workers run (its schedule monitor
// holds a lock) and hands each job to exactly one worker; a job that throws is retried with backoff.

export interface JobAttempt {
  /** 1 for the first run, 2 for the first retry … */
  attempt: number;
  retryLimit: number;
}

/** A queue the worker takes jobs from, sent by code (lib/worker/queue.ts) rather than by a schedule. */
export interface JobHandler extends QueueSpec {
  description: string;
  /** Runs one job with the data it was sent with (scheduled jobs: {}); throwing has pg-boss retry it. */
  run: (data: unknown, attempt: JobAttempt) => Promise<void>;
}

export interface JobDefinition extends JobHandler {
  /** Cron expression (UTC). */
  cron: string;
}

/** Tests every active connection Meridian dials, one after the other (a test takes at most its 10 s timeout). */
async function checkConnections(): Promise<void> {
  const { rows } = await dbPool().query<{ id: string }>(
    "SELECT id FROM emr_connections WHERE is_active AND endpoint_kind IN ('fhir_rest', 'mllp_outbound') ORDER BY connection_id",
  );
  for (const { id } of rows) {
    const result = await testConnection(workerContext("connections.check"), id);
    if (!result.success) logger.warn({ connectionId: id, outcome: result.outcome }, "connection check failed");
  }
}

/** As `audit verify` does, with a compliance officer's authority; a broken chain raises integrity.chain_failed. */
async function verifyChain(): Promise<void> {
  const ctx = workerContext("audit.verify");
  await verifyAuditTrail({ ...ctx, role: "compliance", actor: { ...ctx.actor, role: "compliance" } });
}

export function jobDefinitions(connectionCheckMinutes: number): JobDefinition[] {
  return [
    { name: "connections.check", cron: `*/${connectionCheckMinutes} * * * *`, description: "test every active FHIR and outbound MLLP connection", run: checkConnections },
    { name: "statistics.flush", cron: "* * * * *", description: "move connection request counts from Redis into PostgreSQL", run: async () => void (await flushConnectionStatistics()) },
    { name: "system.sample", cron: "0 * * * *", description: "sample record counts for growth", run: async () => void (await sampleSystemStatistics()) },
    { name: "alerts.detect", cron: "* * * * *", description: "run the detection rules over the audit rows written since the last run", run: detectAlerts },
    { name: "audit.verify", cron: "41 2 * * *", description: "verify the audit trail's hash chain and record the result", run: verifyChain },
    { name: "alerts.digest", cron: "5 7 * * *", description: "e-mail each digest rule's recipients the alerts raised in the last 24 hours", run: async () => void (await sendDigests()) },
    { name: "retention.enforce", cron: "17 3 * * *", description: "apply the retention policy: purge old HL7 text, sessions, alerts and statistics; archive old audit rows", run: async () => void (await enforceRetention(workerContext("retention.enforce"))) },
  ];
}

/** Queues whose jobs are sent by code: alert notifications (e-mail, webhook). */
export function queuedJobHandlers(): JobHandler[] {
  return notificationHandlers();
}
