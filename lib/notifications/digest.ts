import "server-only";
import { db } from "@/lib/db/client";
import { EMAIL_QUEUE, jobIdFor } from "@/lib/notifications/queues";
import type { EmailJob } from "@/lib/notifications/schema";
import { emailIsOff, notificationSettings } from "@/lib/notifications/settings";
import { enqueue } from "@/lib/worker/queue";

// The daily `alerts.digest` job: each recipient of a digest rule gets one e-mail listing the alerts their digest
// rules raised in the last 24 hours (nothing when there were none). Each e-mail is its own notify.email job, retried
// on its own; its id is the day's and the recipient's, so a rerun of the digest job queues nobody twice.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Queues the digests for the 24 hours before `now`; returns how many e-mails were queued. */
export async function sendDigests(now = new Date()): Promise<number> {
  const rules = await db().alertRule.findMany({ where: { digest: true, NOT: { notifyEmail: { isEmpty: true } } }, select: { key: true, notifyEmail: true } });
  if (rules.length === 0) return 0;
  if (!notificationSettings().smtpUrl) {
    emailIsOff();
    return 0;
  }
  const from = new Date(now.getTime() - DAY_MS);
  const raised = await db().alert.groupBy({ by: ["ruleKey"], where: { ruleKey: { in: rules.map((rule) => rule.key) }, createdAt: { gte: from, lt: now } } });
  const active = new Set(raised.map((row) => row.ruleKey));
  const rulesByRecipient = new Map<string, string[]>();
  for (const rule of rules.filter((candidate) => active.has(candidate.key))) {
    for (const address of new Set(rule.notifyEmail.map((entry) => entry.trim().toLowerCase()))) {
      rulesByRecipient.set(address, [...(rulesByRecipient.get(address) ?? []), rule.key]);
    }
  }
  for (const [address, keys] of rulesByRecipient) {
    const job: EmailJob = { kind: "digest", to: [address], rules: keys, from: from.toISOString(), until: now.toISOString() };
    await enqueue(EMAIL_QUEUE, job, { id: jobIdFor(`digest|${now.toISOString().slice(0, 10)}|${address}`) });
  }
  return rulesByRecipient.size;
}
