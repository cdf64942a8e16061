import "server-only";
import { deliverEmail, deliverWebhook } from "@/lib/notifications/deliver";
import { EMAIL_QUEUE, WEBHOOK_QUEUE } from "@/lib/notifications/queues";
import type { JobHandler } from "@/lib/worker/jobs";

/** The worker's notification queues (sent to by lib/alerts/notify-hook.ts and the daily digest). */
export function notificationHandlers(): JobHandler[] {
  return [
    { ...EMAIL_QUEUE, description: "e-mail one alert to its rule's recipients, or one recipient's daily digest", run: deliverEmail },
    { ...WEBHOOK_QUEUE, description: "post one alert, signed, to ALERT_WEBHOOK_URL", run: deliverWebhook },
  ];
}
