import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_METHOD_HEADER, REQUEST_PATH_HEADER } from "@/lib/auth/request-headers";
import { contentSecurityPolicy } from "@/lib/security/headers";

// Runs before every request: gives it a request id (carried into audit rows and logs) and a CSP nonce.
// It is not an access guard: pages, actions and route handlers check permissions themselves.

// Internal header that once let a request skip middleware (CVE-2025-29927); never accepted from outside.
const SUBREQUEST_HEADER = "x-middleware-subrequest";

export function proxy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(request.headers);
  headers.delete(SUBREQUEST_HEADER);
  const requestId = headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  headers.set("x-request-id", requestId);
  // Pages and server actions cannot see their own method and path; the audit trail needs both.
  headers.set(REQUEST_METHOD_HEADER, request.method);
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
