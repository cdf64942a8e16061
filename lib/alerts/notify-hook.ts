import "server-only";
import type { RaisedAlert } from "@/lib/alerts/detect/raise";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { EMAIL_QUEUE, jobIdFor, WEBHOOK_QUEUE } from "@/lib/notifications/queues";
import type { EmailJob, WebhookJob } from "@/lib/notifications/schema";
import { emailIsOff, notificationSettings } from "@/lib/notifications/settings";
import { enqueue } from "@/lib/worker/queue";

/**
 * Called by the worker after each detection run with the alerts it raised (`raised`) or counted again, after
 * their transaction committed. Each newly raised alert is queued for its rule's routing: an e-mail to the rule's
 * recipients (unless the rule collects into the daily digest) and the webhook. Delivery runs as its own retried jobs;
 * nothing here waits for a mail server or endpoint, and a failure to queue is logged, never failing the run.
 */
export async function alertsRaised(alerts: readonly RaisedAlert[]): Promise<void> {
  const raised = alerts.filter((alert) => alert.raised);
  if (raised.length === 0) return;
  try {
    await queueNotifications(raised);
  } catch (error) {
    logger.error({ err: error, alerts: raised.map((alert) => alert.id) }, "alert notifications could not be queued");
  }
}

async function queueNotifications(raised: readonly RaisedAlert[]): Promise<void> {
  const rules = await db().alertRule.findMany({
    where: { key: { in: [...new Set(raised.map((alert) => alert.ruleKey))] } },
    select: { key: true, notifyEmail: true, notifyWebhook: true, digest: true },
  });
  const ruleOf = new Map(rules.map((rule) => [rule.key, rule]));
  const settings = notificationSettings();
  for (const alert of raised) {
    const rule = ruleOf.get(alert.ruleKey);
    if (!rule) continue;
    if (rule.notifyEmail.length > 0 && !rule.digest) {
      if (!settings.smtpUrl) emailIsOff();
      else await enqueue(EMAIL_QUEUE, { kind: "alert", alertId: alert.id, to: rule.notifyEmail } satisfies EmailJob, { id: jobIdFor(`email|${alert.id}`) });
    }
    if (rule.notifyWebhook && settings.webhook) {
      await enqueue(WEBHOOK_QUEUE, { alertId: alert.id } satisfies WebhookJob, { id: jobIdFor(`webhook|${alert.id}`) });
    }
  }
}
