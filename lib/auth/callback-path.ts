import type { Route } from "next";

// Where the sign-in page may send someone afterwards: only a path on this site. Everything else (absolute URLs,
// protocol-relative `//host`, and paths that a URL parser or a browser turns into one: `/.//host`, `/..//host`,
// `/\host`, `/%2F%2Fhost`, tabs and newlines the parser drops) falls back to the home page.

const PLACEHOLDER_ORIGIN = "http://meridian.invalid";
const MAX_LENGTH = 2048;
const MAX_DECODING_ROUNDS = 3;

// C0 controls and DEL: the URL parser silently removes tabs and newlines, so `/\t/host` would become `//host`.
const CONTROL = /[\u0000-\u001f\u007f]/;
const EVERY_CONTROL = /[\u0000-\u001f\u007f]/g;

function startsLikeAnotherHost(path: string): boolean {
  const visible = path.replace(EVERY_CONTROL, "");
  return !visible.startsWith("/") || visible.startsWith("//") || visible.startsWith("/\\");
}

/**
 * `//host` and `/\host` are read by browsers as another host. Control characters are refused outright, and the
 * percent-decoded forms are checked too, in case anything between here and the browser decodes `/%2F%2Fhost`.
 */
function looksLikeAnotherHost(path: string): boolean {
  if (CONTROL.test(path)) return true;
  let current = path;
  for (let round = 0; round <= MAX_DECODING_ROUNDS; round += 1) {
    if (startsLikeAnotherHost(current)) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true;
}

/**
 * The value as a normalised same-origin path (`/patients?q=x#top`), or null. The result is a fixed point of the
 * URL parser, so what the browser resolves is exactly what was checked.
 */
export function sameSitePath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH || looksLikeAnotherHost(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  // Dot segments are resolved by now: `/.//host` has become `//host`, which is checked again here.
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (looksLikeAnotherHost(path)) return null;
  const again = new URL(path, PLACEHOLDER_ORIGIN);
  return again.origin === PLACEHOLDER_ORIGIN && `${again.pathname}${again.search}${again.hash}` === path ? path : null;
}

/** The sign-in page and the auth endpoints would send a signed-in user round in circles. */
function isSignInOrAuthPath(path: string): boolean {
  const pathname = new URL(path, PLACEHOLDER_ORIGIN).pathname.replace(/\/+$/, "");
  return pathname === "/login" || pathname === "/api" || pathname.startsWith("/api/");
}

/** A callbackUrl reduced to a path on this site, or `fallback`. */
export function safeCallbackPath(value: unknown, fallback: Route = "/"): Route {
  const path = sameSitePath(value);
  if (path === null || isSignInOrAuthPath(path)) return fallback;
  // Typed routes cannot know a runtime path; it is a same-site path by now, and unknown ones render a 404.
  return path as Route;
}

/**
 * next-auth's `redirect` callback: `url` may be a path or an absolute URL; only this site's paths are kept, and
 * anything else goes to `baseUrl`.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  let base: URL;
  let target: URL;
  try {
    base = new URL(baseUrl);
    target = new URL(url, base);
  } catch {
    return baseUrl;
  }
  if (target.origin !== base.origin) return baseUrl;
  const path = sameSitePath(`${target.pathname}${target.search}${target.hash}`);
  return path === null ? baseUrl : `${base.origin}${path}`;
}
