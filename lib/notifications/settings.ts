import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// Where alert notifications go, from the environment. Either channel may be off: e-mail without SMTP_URL, the
// webhook without ALERT_WEBHOOK_URL (and its secret, which lib/env.ts requires with it).

export interface NotificationSettings {
  /** smtp(s)://[user:password@]host:port — never logged, it may hold a password. */
  smtpUrl?: string;
  from: string;
  webhook?: { url: string; secret: string };
  /** The app's public address, for links back into it (NEXTAUTH_URL). */
  appUrl: string;
}

export function notificationSettings(): NotificationSettings {
  const e = env();
  return {
    smtpUrl: e.SMTP_URL,
    from: e.ALERT_EMAIL_FROM,
    webhook: e.ALERT_WEBHOOK_URL && e.ALERT_WEBHOOK_SECRET ? { url: e.ALERT_WEBHOOK_URL, secret: e.ALERT_WEBHOOK_SECRET } : undefined,
    appUrl: (e.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
  };
}

let saidEmailIsOff = false;

/** Rules route alerts to e-mail but SMTP_URL is unset: said once per process, not once per alert. */
export function emailIsOff(): void {
  if (saidEmailIsOff) return;
  saidEmailIsOff = true;
  logger.warn("alert e-mail is off: SMTP_URL is not set, so rules' e-mail recipients get nothing");
}
