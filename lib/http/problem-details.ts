import type { AppError, FieldErrors } from "@/lib/errors";

// Problem details without logging or server-only imports, so the proxy can answer with them too (lib/http/methods.ts).

/** RFC 9457 problem details: what every API error looks like. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppError["code"] | "INTERNAL";
  requestId: string;
  errors?: FieldErrors;
}

export const PROBLEM_TITLES: Record<Problem["code"], string> = {
  UNAUTHENTICATED: "Not authenticated",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Content too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  INVALID: "Invalid request",
  RATE_LIMITED: "Too many requests",
  UNAVAILABLE: "Service unavailable",
  INTERNAL: "Internal error",
};

/** The problem of an expected failure: its message is safe to show. */
export function problemOfAppError(error: AppError, requestId: string): Problem {
  const problem: Problem = { type: "about:blank", title: PROBLEM_TITLES[error.code], status: error.status, detail: error.message, code: error.code, requestId };
  if (error.fieldErrors) problem.errors = error.fieldErrors;
  return problem;
}

/** How long a 503 asks the client to wait before sending the same request again. */
export const RETRY_AFTER_SECONDS = 5;

/** application/problem+json, never cached; a 401 says which scheme to use, a 503 when to try again. */
export function problemJsonResponse(problem: Problem, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json", "cache-control": "no-store", ...extraHeaders };
  if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="meridian"';
  // Nothing was done (the database is unavailable): a client, an HL7 sender above all, sends the same request again.
  if (problem.status === 503 && !("retry-after" in headers)) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
