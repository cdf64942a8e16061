import "server-only";
import { httpRequest } from "@/lib/connections/probe/http";
import { outboundCertificateAuthorities } from "@/lib/connections/probe/trusted-ca";
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "@/lib/notifications/signature";

// POSTs a notification to ALERT_WEBHOOK_URL, signed (lib/notifications/signature.ts). Only a 2xx answer counts: a
// redirect, any other status, a refused connection or 10 s without an answer throws, so the job is retried.

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** `code`: http_<status>, timeout, or the network error's code — never the URL, which may carry a token. */
export class WebhookError extends Error {
  override name = "WebhookError";
  constructor(readonly code: string) {
    super(`the webhook was not delivered (${code})`);
  }
}

function codeOf(error: unknown): string {
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) return "timeout";
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return code || "network_error";
}

export async function postWebhook(target: { url: string; secret: string }, body: string, nowMs = Date.now()): Promise<void> {
  const timestamp = Math.floor(nowMs / 1000);
  let status: number;
  try {
    const answer = await httpRequest(new URL(target.url), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "Meridian-Alerts/1",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      ca: outboundCertificateAuthorities(),
    });
    status = answer.status;
  } catch (error) {
    throw new WebhookError(codeOf(error));
  }
  if (status < 200 || status > 299) throw new WebhookError(`http_${status}`);
}
