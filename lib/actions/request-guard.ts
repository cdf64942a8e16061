import "server-only";
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { ANONYMOUS, type Actor, type RequestInfo } from "@/lib/audit/context";
import { recordAudit } from "@/lib/audit/writer";
import { isDecodableFetchCall, isDecodableFormPost } from "@/lib/actions/action-body";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "@/lib/actions/body-limit";
import { authOptions } from "@/lib/auth/options";

// Next.js refuses a server action posted from another origin, or with a body it cannot read or that is over the
// limit, by throwing — a 500 with no audit row. The proxy runs these checks first (the same checks, so nothing
// reaches Next.js that it would refuse) and answers 403, 413 or 400 with an audited refusal instead.

export type ActionRefusalReason = "cross_origin" | "body_too_large" | "malformed_body";

export interface ActionRefusal {
  status: 400 | 403 | 413;
  reason: ActionRefusalReason;
  detail: string;
}

const refusals: Record<ActionRefusalReason, ActionRefusal> = {
  cross_origin: { status: 403, reason: "cross_origin", detail: "Server actions are accepted from this site's own pages only." },
  body_too_large: { status: 413, reason: "body_too_large", detail: "The request body is larger than a server action accepts." },
  malformed_body: { status: 400, reason: "malformed_body", detail: "The request body is not a server action call." },
};

/** A POST that Next.js would treat as a server action: a fetch action (Next-Action header) or a multipart form post. */
export function isServerActionRequest(request: NextRequest): boolean {
  if (request.method !== "POST" || request.nextUrl.pathname.startsWith("/api/")) return false;
  return request.headers.has("next-action") || isMultipart(request);
}

function isMultipart(request: NextRequest): boolean {
  return request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data") ?? false;
}

/** Next.js's own rule: the Origin's host must be the forwarded host (set by a trusted proxy only) or the Host. */
function fromOwnOrigin(request: NextRequest): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  return originHost !== "" && originHost === host;
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
async function readBounded(request: NextRequest, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Whether Next.js can decode the body as a server action call (see action-body.ts). */
async function decodable(request: NextRequest, body: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const fetchCall = request.headers.has("next-action");
  try {
    if (isMultipart(request)) {
      const form = await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
      return fetchCall ? isDecodableFetchCall(form) : isDecodableFormPost(form);
    }
    return isDecodableFetchCall(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return false;
  }
}

/** Why Next.js would refuse this server action request, or null when it may go ahead. */
export async function actionRefusalOf(request: NextRequest): Promise<ActionRefusal | null> {
  if (!fromOwnOrigin(request)) return refusals.cross_origin;
  const declaredLength = Number(request.headers.get("content-length") ?? 0);
  if (declaredLength > SERVER_ACTION_BODY_LIMIT_BYTES) return refusals.body_too_large;
  const body = await readBounded(request, SERVER_ACTION_BODY_LIMIT_BYTES);
  if (body === null) return refusals.body_too_large;
  return (await decodable(request, body)) ? null : refusals.malformed_body;
}

/** The signed-in user whose cookie came with the request, from the signed session token; else anonymous. */
async function actorOf(request: NextRequest): Promise<Actor> {
  const token = await getToken({ req: request, secret: authOptions.secret, secureCookie: authOptions.useSecureCookies }).catch(() => null);
  if (!token?.id) return ANONYMOUS;
  return { kind: "user", id: token.id, name: token.name ?? token.email ?? null, role: token.role ?? null };
}

/** Audits the refusal and answers it as problem+json. */
export async function refuseAction(request: NextRequest, info: RequestInfo, refusal: ActionRefusal): Promise<Response> {
  await recordAudit({
    action: "access.denied",
    actor: await actorOf(request),
    request: info,
    outcome: "denied",
    statusCode: refusal.status,
    details: { reason: refusal.reason, origin: request.headers.get("origin"), nextAction: request.headers.get("next-action") },
  });
  const problem = { type: "about:blank", title: "Server action refused", status: refusal.status, detail: refusal.detail, requestId: info.requestId };
  return Response.json(problem, { status: refusal.status, headers: { "content-type": "application/problem+json", "x-request-id": info.requestId } });
}
