import "server-only";
import { writeAuditOutcome } from "@/lib/notifications/audit";
import { alertEmail, digestEmail, webhookBody, type AlertFacts, type Message } from "@/lib/notifications/compose";
import { sendMail } from "@/lib/notifications/mailer";
import { EmailJob, WebhookJob } from "@/lib/notifications/schema";
import { emailIsOff, notificationSettings } from "@/lib/notifications/settings";
import { postWebhook } from "@/lib/notifications/webhook";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import type { JobAttempt } from "@/lib/worker/jobs";

// The notification jobs' work: read what the message is about, compose it (lib/notifications/compose.ts), send it,
// and audit the attempt. A failed attempt throws after its audit row, so pg-boss retries it with backoff.

const FACTS = { id: true, ruleKey: true, severity: true, status: true, count: true, firstSeenAt: true, lastSeenAt: true } as const;

/** Digest rows read at most; the e-mail counts them and links the first few per rule. */
const DIGEST_MAX_ALERTS = 5000;

async function alertFacts(alertId: string): Promise<AlertFacts | null> {
  const alert = await db().alert.findUnique({ where: { id: alertId }, select: FACTS });
  if (!alert) logger.info({ alertId }, "alert notification dropped: the alert no longer exists");
  return alert;
}

async function messageFor(job: EmailJob, appUrl: string): Promise<{ message: Message; alertId?: string; alerts: number } | null> {
  if (job.kind === "alert") {
    const alert = await alertFacts(job.alertId);
    return alert && { message: alertEmail(alert, appUrl), alertId: alert.id, alerts: 1 };
  }
  const period = { from: new Date(job.from), until: new Date(job.until) };
  const alerts = await db().alert.findMany({
    where: { ruleKey: { in: job.rules }, createdAt: { gte: period.from, lt: period.until } },
    select: FACTS,
    orderBy: [{ ruleKey: "asc" }, { createdAt: "asc" }],
    take: DIGEST_MAX_ALERTS,
  });
  return alerts.length === 0 ? null : { message: digestEmail(alerts, period, appUrl), alerts: alerts.length };
}

/** `notify.email`: one alert's e-mail, or one recipient's digest. */
export async function deliverEmail(data: unknown, attempt: JobAttempt): Promise<void> {
  const job = EmailJob.parse(data);
  const settings = notificationSettings();
  if (!settings.smtpUrl) return emailIsOff();
  const composed = await messageFor(job, settings.appUrl);
  if (!composed) return;
  const smtpUrl = settings.smtpUrl;
  await writeAuditOutcome(
    { channel: "email", attempt, alertId: composed.alertId, details: { kind: job.kind, recipients: job.to.length, alerts: composed.alerts } },
    () => sendMail(smtpUrl, { from: settings.from, to: job.to, ...composed.message }),
  );
}

/** `notify.webhook`: one alert posted to ALERT_WEBHOOK_URL. */
export async function deliverWebhook(data: unknown, attempt: JobAttempt): Promise<void> {
  const job = WebhookJob.parse(data);
  const { webhook, appUrl } = notificationSettings();
  if (!webhook) {
    logger.warn({ alertId: job.alertId }, "alert webhook dropped: ALERT_WEBHOOK_URL is no longer set");
    return;
  }
  const alert = await alertFacts(job.alertId);
  if (!alert) return;
  await writeAuditOutcome({ channel: "webhook", attempt, alertId: alert.id, details: { host: new URL(webhook.url).host } }, () => postWebhook(webhook, webhookBody(alert, appUrl)));
}
