import "server-only";
import type PgBoss from "pg-boss";
import { env } from "@/lib/env";
import { createBoss, ensureQueue, retryOptions, type QueueSpec } from "@/lib/worker/boss";

// Sending a job from code that runs after a commit (e.g. the alerts a detection run raised): through the worker's
// own pg-boss when this is the worker process, else through a short-lived connection.

export interface JobSender {
  send(name: string, data: object, options: PgBoss.SendOptions): Promise<string | null>;
}

let current: JobSender | undefined;

/** Set by startWorker while it runs; tests may put their own in. */
export function setJobSender(sender: JobSender): void {
  current = sender;
}

/** Stops sending through `sender` (a stopping worker), unless another has taken its place since. */
export function dropJobSender(sender: JobSender): void {
  if (current === sender) current = undefined;
}

/**
 * Sends one job to `spec`'s queue with the queue's retry settings. `id`: a job id derived from what the job is for,
 * so sending the same job twice (a retried caller) queues it once (pg-boss ignores a known id).
 */
export async function enqueue(spec: QueueSpec, data: object, options: { id?: string } = {}): Promise<void> {
  const sendOptions = { ...retryOptions(spec), ...options };
  if (current) {
    await current.send(spec.name, data, sendOptions);
    return;
  }
  const boss = createBoss(env().DATABASE_URL, { sendOnly: true });
  await boss.start();
  try {
    await ensureQueue(boss, spec);
    await boss.send(spec.name, data, sendOptions);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
