import type { NextRequest } from "next/server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a cookie-authenticated request comes from our own pages. A browser always sends Origin on
 * cross-site requests and on same-site unsafe ones; a same-origin GET may omit it.
 */
export function isSameOrigin(request: NextRequest, publicUrl: string | undefined): boolean {
  const expected = publicUrl ? new URL(publicUrl).origin : request.nextUrl.origin;
  const origin = request.headers.get("origin");
  if (origin) return origin === expected;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin" || (fetchSite === "none" && SAFE_METHODS.has(request.method));
  return SAFE_METHODS.has(request.method);
}
