import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "@/lib/notifications/signature";

const SECRET = "a-webhook-secret-of-at-least-32-chars";
const NOW = 1_800_000_000_000;
const TIMESTAMP = NOW / 1000;
const BODY = '{"type":"alert.raised","alert":{"id":"x"}}';

describe("webhook signature", () => {
  it("is sha256=<hex HMAC-SHA256 of '<timestamp>.<body>'>", () => {
    const hex = createHmac("sha256", SECRET).update(`${TIMESTAMP}.${BODY}`).digest("hex");
    expect(signWebhook(SECRET, TIMESTAMP, BODY)).toBe(`sha256=${hex}`);
  });

  it("verifies the body, timestamp and secret it was made with, within the tolerance", () => {
    const signature = signWebhook(SECRET, TIMESTAMP, BODY);
    expect(verifyWebhookSignature(SECRET, String(TIMESTAMP), BODY, signature, 300, NOW)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, signature, 300, NOW + 299_000)).toBe(true);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, signature, 300, NOW + 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, signature, 300, NOW - 301_000)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP, `${BODY} `, signature, 300, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TIMESTAMP + 1, BODY, signature, 300, NOW)).toBe(false);
    expect(verifyWebhookSignature(`${SECRET}x`, TIMESTAMP, BODY, signature, 300, NOW)).toBe(false);
  });

  it("refuses malformed headers without throwing", () => {
    const signature = signWebhook(SECRET, TIMESTAMP, BODY);
    for (const timestamp of ["", "abc", "1.5", "-1", `${TIMESTAMP}x`]) expect(verifyWebhookSignature(SECRET, timestamp, BODY, signature, 300, NOW)).toBe(false);
    for (const bad of ["", "sha256=", signature.slice(0, -1), signature.toUpperCase(), `${signature}00`]) expect(verifyWebhookSignature(SECRET, TIMESTAMP, BODY, bad, 300, NOW)).toBe(false);
  });
});
