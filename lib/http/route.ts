import "server-only";
import type { NextRequest } from "next/server";
import { ANONYMOUS, requestInfoFrom, type RequestInfo } from "@/lib/audit/context";
import { apiKeyContext } from "@/lib/auth/api-key-auth";
import { assertCan, auditDenial, type AuthContext } from "@/lib/auth/assert";
import { sessionContext } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/origin";
import { problemResponse } from "@/lib/http/problem";

type RouteParams = Record<string, string | string[]>;
type Handler<P extends RouteParams> = (ctx: AuthContext, request: NextRequest, params: P) => Promise<Response>;

const BEARER = /^Bearer\s+(\S+)$/i;

/** An API key from the Authorization header, else the session cookie (from our own origin only). */
async function authenticate(request: NextRequest, info: RequestInfo): Promise<AuthContext> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const key = BEARER.exec(authorization)?.[1];
    const ctx = key ? await apiKeyContext(key, info) : null;
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
    try {
      const ctx = await authenticate(request, info);
      if (permission) await assertCan(ctx, permission);
      const response = await handler(ctx, request, await context.params);
      response.headers.set("x-request-id", info.requestId);
      return response;
    } catch (error) {
      return problemResponse(error, info.requestId);
    }
  };
}
