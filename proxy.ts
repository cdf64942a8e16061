import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { actionRefusalOf, isServerActionRequest, refuseAction } from "@/lib/actions/request-guard";
import { requestInfoFrom } from "@/lib/audit/context";
import { CONTEXT_HEADER, sealContext, settleContext } from "@/lib/auth/request-context";
import {
  CLIENT_CORRELATION_ID_HEADER,
  REQUEST_METHOD_HEADER,
  REQUEST_PATH_HEADER,
  RESPONSE_REQUEST_ID_HEADER,
  SERVER_REQUEST_ID_HEADER,
} from "@/lib/auth/request-headers";
import { methodNotAllowed } from "@/lib/http/methods";
import { contentSecurityPolicy } from "@/lib/security/headers";

// Runs before every request: settles its request id (generated here), the client's correlation id and address
// (lib/auth/request-context.ts) for audit rows and logs, gives it a CSP nonce, answers a method the path does not have
// with 405 (lib/http/methods.ts), and refuses server action calls Next.js itself would fail with a 500
// (lib/actions/request-guard.ts).
// It is not an access guard: pages, actions and route handlers check permissions themselves.

// Internal header that once let a request skip middleware (CVE-2025-29927); never accepted from outside.
const SUBREQUEST_HEADER = "x-middleware-subrequest";

export async function proxy(request: NextRequest): Promise<Response> {
  const context = settleContext(request.headers);
  const headers = new Headers(request.headers);
  headers.delete(SUBREQUEST_HEADER);
  // Set or removed, never appended: whatever a client sent under these names is replaced.
  headers.set(SERVER_REQUEST_ID_HEADER, context.requestId);
  headers.set(CONTEXT_HEADER, sealContext(context));
  if (context.correlationId) headers.set(CLIENT_CORRELATION_ID_HEADER, context.correlationId);
  else headers.delete(CLIENT_CORRELATION_ID_HEADER);
  if (context.clientAddress) headers.set("x-forwarded-for", context.clientAddress);
  else headers.delete("x-forwarded-for");
  // Pages and server actions cannot see their own method and path; the audit trail needs both.
  headers.set(REQUEST_METHOD_HEADER, request.method);
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname);

  // A method the path does not answer (TRACE included, marked by scripts/server.mjs): 405 with Allow and
  // problem+json (lib/http/methods.ts), before anything else runs.
  const refusedMethod = methodNotAllowed(request.method, request.nextUrl.pathname, request.headers, context.requestId);
  if (refusedMethod) {
    refusedMethod.headers.set(RESPONSE_REQUEST_ID_HEADER, context.requestId);
    return refusedMethod;
  }

  if (isServerActionRequest(request)) {
    const refusal = await actionRefusalOf(request);
    if (refusal) return refuseAction(request, requestInfoFrom(headers, request.method, request.nextUrl.pathname), refusal);
  }

  const nonce = Buffer.from(randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set(RESPONSE_REQUEST_ID_HEADER, context.requestId);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
