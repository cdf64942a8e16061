import "server-only";
import { recordAudit } from "@/lib/audit/writer";
import { MailError } from "@/lib/notifications/mailer";
import { WebhookError } from "@/lib/notifications/webhook";
import { logger } from "@/lib/logger";
import type { Prisma } from "@/lib/generated/prisma/client";
import { workerContext } from "@/lib/worker/context";
import type { JobAttempt } from "@/lib/worker/jobs";

// Every delivery attempt leaves an `alert.notified` row: success, or failure with the error's code and whether it
// was the last try. Counts and hosts only: never an address, a URL (it may carry a token), the secret or a body.

export interface DeliveryAttempt {
  channel: "email" | "webhook";
  attempt: JobAttempt;
  /** The alert notified about (none for a digest, which covers many). */
  alertId?: string;
  details: Prisma.InputJsonObject;
}

function errorCode(error: unknown): string {
  return error instanceof MailError || error instanceof WebhookError ? error.code : "error";
}

/** Runs `send`, audits how it went, and rethrows its failure (so the job is retried). */
export async function writeAuditOutcome(delivery: DeliveryAttempt, send: () => Promise<void>): Promise<void> {
  const ctx = workerContext(`notify.${delivery.channel}`);
  const audit = (outcome: "success" | "failure", statusCode: number, extra: Prisma.InputJsonObject) =>
    recordAudit({
      action: "alert.notified",
      actor: ctx.actor,
      request: ctx.request,
      outcome,
      statusCode,
      resourceType: "alert",
      resourceId: delivery.alertId,
      details: { channel: delivery.channel, ...delivery.details, attempt: delivery.attempt.attempt, ...extra },
    });
  try {
    await send();
  } catch (error) {
    const code = errorCode(error);
    const final = delivery.attempt.attempt > delivery.attempt.retryLimit;
    await audit("failure", 502, { error: code, final });
    logger.warn({ channel: delivery.channel, alertId: delivery.alertId, attempt: delivery.attempt.attempt, error: code, final }, "alert notification failed");
    throw error;
  }
  await audit("success", 200, {});
}
