import { z } from "zod";
import { Uuid } from "@/lib/shared-schema/fields";

// The data of the notification jobs, parsed when a job is taken (a job outlives the code that sent it).

const Recipients = z.array(z.string().min(3).max(255)).min(1).max(20);

/** One alert's e-mail to its rule's recipients, as routed when it was raised. */
export const AlertEmailJob = z.strictObject({ kind: z.literal("alert"), alertId: Uuid, to: Recipients });

/** One recipient's digest: the alerts of `rules` raised in [from, until). */
export const DigestEmailJob = z.strictObject({
  kind: z.literal("digest"),
  to: Recipients,
  rules: z.array(z.string().min(1).max(64)).min(1),
  from: z.iso.datetime(),
  until: z.iso.datetime(),
});

export const EmailJob = z.discriminatedUnion("kind", [AlertEmailJob, DigestEmailJob]);
export type EmailJob = z.infer<typeof EmailJob>;

export const WebhookJob = z.strictObject({ alertId: Uuid });
export type WebhookJob = z.infer<typeof WebhookJob>;
