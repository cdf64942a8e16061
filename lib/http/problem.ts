import "server-only";
import { toAppError } from "@/lib/errors";
import { PROBLEM_TITLES, problemJsonResponse, problemOfAppError, type Problem } from "@/lib/http/problem-details";
import { logger } from "@/lib/logger";

export type { Problem } from "@/lib/http/problem-details";

/** Any thrown value as problem details: an expected failure as itself, anything else as a logged, generic 500. */
export function problemOf(error: unknown, requestId: string): Problem {
  const known = toAppError(error);
  if (known) return problemOfAppError(known, requestId);
  logger.error({ event: "request.failed", requestId, err: error }, "unexpected error");
  return {
    type: "about:blank",
    title: PROBLEM_TITLES.INTERNAL,
    status: 500,
    detail: `Something went wrong. Quote request id ${requestId} when reporting it.`,
    code: "INTERNAL",
    requestId,
  };
}

export function problemResponse(error: unknown, requestId: string): Response {
  return problemJsonResponse(problemOf(error, requestId));
}
