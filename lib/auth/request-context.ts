import { createHmac, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import { clientAddressOf, clientCorrelationId } from "@/lib/audit/context";
import { newRequestId } from "@/lib/audit/request-id";
import { env } from "@/lib/env";

// The facts the proxy settles once per request: the server's request id, the client's own correlation id and the
// client's address. Next.js may send a request through the server a second time — a server action posted to a page
// that does not load it is forwarded, over HTTP from this machine, to one that does — and that second pass must
// carry the first pass's facts, not 127.0.0.1 and a new id. So the proxy seals them (HMAC under a key derived from
// NEXTAUTH_SECRET, valid for a few minutes) into a request header, and believes a sealed header only when it verifies.

export const CONTEXT_HEADER = "x-meridian-context";

const MAX_AGE_MS = 5 * 60_000;

const SealedContext = z.object({
  requestId: z.uuid(),
  correlationId: z.string().nullable(),
  clientAddress: z.string().refine((value) => isIP(value) !== 0).nullable(),
  issuedAt: z.number().int(),
});
export type RequestContext = z.infer<typeof SealedContext>;

let derived: { secret: string; key: Buffer } | undefined;

/** A key of its own for this purpose, derived from NEXTAUTH_SECRET (once per process). */
function contextKey(): Buffer {
  const secret = env().NEXTAUTH_SECRET;
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("meridian request context").digest() };
  return derived.key;
}

function signature(payload: string): Buffer {
  return createHmac("sha256", contextKey()).update(payload).digest();
}

export function sealContext(context: RequestContext): string {
  const payload = Buffer.from(JSON.stringify(context)).toString("base64url");
  return `${payload}.${signature(payload).toString("base64url")}`;
}

/** The context a sealed header carries, or null when it is missing, forged, altered or too old. */
export function unsealContext(value: string | null, now = Date.now()): RequestContext | null {
  const [payload, mac, extra] = value?.split(".") ?? [];
  if (!payload || !mac || extra !== undefined) return null;
  const expected = signature(payload);
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const context = SealedContext.safeParse(decoded);
  if (!context.success || Math.abs(now - context.data.issuedAt) > MAX_AGE_MS) return null;
  return context.data;
}

/** This request's context: the sealed one it carries from an earlier pass, or a new one from its headers. */
export function settleContext(headers: Headers): RequestContext {
  return (
    unsealContext(headers.get(CONTEXT_HEADER)) ?? {
      requestId: newRequestId(),
      correlationId: clientCorrelationId(headers),
      clientAddress: clientAddressOf(headers),
      issuedAt: Date.now(),
    }
  );
}
