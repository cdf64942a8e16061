import "server-only";
import type { NextRequest } from "next/server";
import { ANONYMOUS, requestInfoFrom, type RequestInfo } from "@/lib/audit/context";
import { apiKeyContext } from "@/lib/auth/api-key-auth";
import { recordAudit } from "@/lib/audit/writer";
import { assertCan, auditDenial, type AuthContext } from "@/lib/auth/assert";
import { sessionContext } from "@/lib/auth/guard";
import { RESPONSE_REQUEST_ID_HEADER } from "@/lib/auth/request-headers";
import type { Permission } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/origin";
import { problemResponse } from "@/lib/http/problem";

type RouteParams = Record<string, string | string[]>;
type Handler<P extends RouteParams> = (ctx: AuthContext, request: NextRequest, params: P) => Promise<Response>;

const BEARER = /^Bearer\s+(\S+)$/i;
/** The scheme word of an Authorization header (RFC 9110 token), for the audit row; never the credentials. */
const SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}/;

/**
 * An Authorization header that carries no usable bearer token (Basic, Digest, an empty or garbled header):
 * refused like a bad key, and audited like one, with the scheme that was tried.
 */
async function refuseAuthorization(authorization: string, info: RequestInfo): Promise<never> {
  await recordAudit({
    action: "auth.api_key_rejected",
    actor: ANONYMOUS,
    request: info,
    outcome: "denied",
    statusCode: 401,
    resourceType: "api_key",
    details: { reason: "unsupported_scheme", scheme: SCHEME.exec(authorization.trim())?.[0] ?? null },
  });
  throw new AppError("UNAUTHENTICATED", "Send an API key as Authorization: Bearer <key>; other schemes are not accepted.");
}

/** An API key from the Authorization header, else the session cookie (from our own origin only). */
async function authenticate(request: NextRequest, info: RequestInfo): Promise<AuthContext> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const key = BEARER.exec(authorization.trim())?.[1];
    if (!key) return refuseAuthorization(authorization, info);
    const ctx = await apiKeyContext(key, info);
    if (!ctx) throw new AppError("UNAUTHENTICATED", "The API key is missing, malformed, unknown, revoked or expired.");
    return ctx;
  }
  const ctx = await sessionContext(info);
  if (!ctx) {
    await auditDenial(ANONYMOUS, info, null, 401);
    throw new AppError("UNAUTHENTICATED", "Sign in or send an API key (Authorization: Bearer …).");
  }
  // A browser attaches the cookie to requests other sites trigger too: only our own pages may use it.
  if (!isSameOrigin(request, env().NEXTAUTH_URL)) {
    await auditDenial(ctx.actor, info, null, 403);
    throw new AppError("FORBIDDEN", "Cross-origin requests with a session cookie are refused.");
  }
  return ctx;
}

/**
 * Every API route handler: authenticates (API key or session), checks `permission` (denials audited; `null`
 * admits any authenticated caller), runs the handler and maps any error to application/problem+json.
 * The handler's domain calls audit the access.
 */
export function route<P extends RouteParams = Record<string, never>>(permission: Permission | null, handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const info = requestInfoFrom(request.headers, request.method, request.nextUrl.pathname);
    let response: Response;
    try {
      const ctx = await authenticate(request, info);
      if (permission) await assertCan(ctx, permission);
      response = await handler(ctx, request, await context.params);
    } catch (error) {
      response = problemResponse(error, info.requestId);
    }
    response.headers.set(RESPONSE_REQUEST_ID_HEADER, info.requestId);
    return response;
  };
}
