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

const DEADLOCK_DETECTED = "40P01";
const CREATE_QUEUE_ATTEMPTS = 5;

const isDeadlock = (error: unknown) => typeof error === "object" && error !== null && "code" in error && error.code === DEADLOCK_DETECTED;

/**
 * Creates the queue with its policy and retry settings; pg-boss leaves an existing queue as it is. Two workers that
 * create the same new queue at once (a first start, or a release adding a queue) deadlock in pg-boss 10's createQueue
 * — its partition DDL and its row insert lock in different orders — and PostgreSQL aborts one: that one waits a
 * moment and tries again, finding the queue the other made (e2e/cluster.spec.ts starts two workers together).
 */
export async function ensureQueue(boss: PgBoss, spec: QueueSpec): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await boss.createQueue(spec.name, { name: spec.name, policy: spec.policy ?? "stately", ...retryOptions(spec), expireInMinutes: 15 });
      return;
    } catch (error) {
      if (!isDeadlock(error) || attempt >= CREATE_QUEUE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80 * attempt));
    }
  }
}
