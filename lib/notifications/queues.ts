import { createHash } from "node:crypto";
import type { QueueSpec } from "@/lib/worker/boss";

// The notification queues. A delivery that fails (SMTP down, webhook answering 500) is retried five times with
// backoff — about 30 s, 1, 2, 4 and 8 minutes later, with jitter — before pg-boss gives it up as failed.

const RETRY = { limit: 5, delaySeconds: 30, backoff: true };

export const EMAIL_QUEUE: QueueSpec = { name: "notify.email", policy: "standard", retry: RETRY };
export const WEBHOOK_QUEUE: QueueSpec = { name: "notify.webhook", policy: "standard", retry: RETRY };

/** A job id (a UUID) that depends only on `key`, so the same notification queued twice is one job. */
export function jobIdFor(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
