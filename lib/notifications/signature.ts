import { createHmac, timingSafeEqual } from "node:crypto";

// The webhook's signature: HMAC-SHA256 over "<timestamp>.<body>" with the shared secret, so a receiver can tell the
// body came from Meridian unaltered, and recently (the timestamp is signed too, so an old request cannot be replayed).

export const TIMESTAMP_HEADER = "X-Meridian-Timestamp";
export const SIGNATURE_HEADER = "X-Meridian-Signature";

/** `sha256=<hex>` of "<timestamp>.<body>" (timestamp: unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * A receiver's check: the signature is the body's under `secret` and the timestamp is within `toleranceSeconds` of
 * now. `timestamp` and `signature` are the two headers as received, `body` the raw request body (before any parsing).
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | number,
  body: string,
  signature: string,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): boolean {
  const seconds = typeof timestamp === "number" ? timestamp : /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isSafeInteger(seconds) || Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
