import "server-only";
import PgBoss from "pg-boss";

// One pg-boss configuration for the worker and for anything that only sends jobs (lib/worker/queue.ts).
// It may go through a transaction pooler (DATABASE_URL): pg-boss 10 sends unnamed statements only, takes its
// advisory locks per transaction (pg_advisory_xact_lock inside BEGIN … COMMIT sent as one query), sets only SET LOCAL
// and polls instead of LISTEN (lib/db/pgbouncer.int.test.ts sends, fetches and completes a job through PgBouncer).

export interface JobRetry {
  limit: number;
  /** Seconds before the first retry; with backoff each further retry waits about twice as long (with jitter). */
  delaySeconds: number;
  backoff: boolean;
}

export interface QueueSpec {
  name: string;
  /** "stately" (default): at most one waiting and one running job, so a slow run never piles ticks up behind it. */
  policy?: "standard" | "stately";
  retry?: JobRetry;
}

const DEFAULT_RETRY: JobRetry = { limit: 3, delaySeconds: 5, backoff: true };

/** `sendOnly`: no maintenance or schedule monitoring, for a connection that sends a job and closes. */
export function createBoss(databaseUrl: string, options: { sendOnly?: boolean } = {}): PgBoss {
  const role = options.sendOnly ? { supervise: false, schedule: false, max: 1 } : { max: 4 };
  return new PgBoss({ connectionString: databaseUrl, schema: "pgboss", application_name: "meridian-worker", ...role });
}

export function retryOptions(spec: QueueSpec): PgBoss.RetryOptions {
  const retry = spec.retry ?? DEFAULT_RETRY;
  return { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff };
}

/** Creates the queue with its policy and retry settings; pg-boss leaves an existing queue as it is. */
export async function ensureQueue(boss: PgBoss, spec: QueueSpec): Promise<void> {
  await boss.createQueue(spec.name, { name: spec.name, policy: spec.policy ?? "stately", ...retryOptions(spec), expireInMinutes: 15 });
}
