import { API_OPERATIONS } from "@/lib/api/operations";
import { AppError } from "@/lib/errors";
import { problemJsonResponse, problemOfAppError } from "@/lib/http/problem-details";
import { REFUSED_METHOD_HEADER } from "@/scripts/server/methods.mjs";

// 405 Method Not Allowed, with the Allow header RFC 9110 requires and a problem+json body, for every API path. Next.js
// alone answers an unexported method with an empty 405 without Allow, an unknown one with an empty 400, and cannot
// even build a request for TRACE (fetch forbids it): scripts/server.mjs hands it on as OPTIONS
// marked with REFUSED_METHOD_HEADER, and the proxy answers here.

/** Set by the server entry only (it drops any a client sent): the method fetch could not represent. */
export { REFUSED_METHOD_HEADER };

/** next-auth's catch-all route (app/api/auth/[...nextauth]) answers GET and POST on every path under it. */
const CATCH_ALL_ROUTES = [{ prefix: "/api/auth/", methods: ["GET", "POST"] }] as const;

/** Pages answer GET (and HEAD); POST carries their server actions. No other path has route handlers. */
const PAGE_METHODS = ["GET", "HEAD", "OPTIONS", "POST"] as const;

interface RouteMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** /api/v1/patients/{patientId} → ^/api/v1/patients/[^/]+/?$ */
function patternOf(template: string): RegExp {
  const literal = template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${literal.join("[^/]+")}/?$`);
}

/** Each documented path with its methods: the document lists every route (lib/api/openapi.test.ts checks it). */
const API_ROUTES: RouteMethods[] = [...new Set(API_OPERATIONS.map((operation) => operation.path))].map((template) => ({
  pattern: patternOf(template),
  methods: new Set(API_OPERATIONS.filter((operation) => operation.path === template).map((operation) => operation.method.toUpperCase())),
}));

/** What Next.js adds to a route's own methods: HEAD runs GET, OPTIONS answers with Allow. */
function withAutomatic(methods: Iterable<string>): string[] {
  const all = new Set(methods);
  if (all.has("GET")) all.add("HEAD");
  all.add("OPTIONS");
  return [...all].sort();
}

/** The methods a path answers; null for an unknown API path (Next.js answers 404). */
export function allowedMethods(pathname: string): string[] | null {
  if (!pathname.startsWith("/api/")) return [...PAGE_METHODS];
  const catchAll = CATCH_ALL_ROUTES.find((route) => pathname.startsWith(route.prefix) && !API_ROUTES.some((api) => api.pattern.test(pathname)));
  if (catchAll) return withAutomatic(catchAll.methods);
  const matching = API_ROUTES.filter((route) => route.pattern.test(pathname));
  if (matching.length === 0) return null;
  return withAutomatic(matching.flatMap((route) => [...route.methods]));
}

/**
 * The 405 answer for this request, or null to let it through: a path asked with a method it does not answer, or
 * with one the server entry marked as a method fetch cannot carry.
 */
export function methodNotAllowed(method: string, pathname: string, headers: Headers, requestId: string): Response | null {
  const refused = headers.get(REFUSED_METHOD_HEADER);
  const asked = refused ?? method.toUpperCase();
  const allowed = allowedMethods(pathname);
  if (refused === null && (allowed === null || allowed.includes(asked))) return null;
  const allow = (allowed ?? [...PAGE_METHODS]).join(", ");
  const error = new AppError("METHOD_NOT_ALLOWED", `${asked} is not supported here; use ${allow}.`);
  return problemJsonResponse(problemOfAppError(error, requestId), { allow });
}
