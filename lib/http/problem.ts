import "server-only";
import { NextResponse } from "next/server";
import { AppError, toAppError, type FieldErrors } from "@/lib/errors";
import { logger } from "@/lib/logger";

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

const TITLES: Record<Problem["code"], string> = {
  UNAUTHENTICATED: "Not authenticated",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  INVALID: "Invalid request",
  RATE_LIMITED: "Too many requests",
  UNAVAILABLE: "Service unavailable",
  INTERNAL: "Internal error",
};

export function problemOf(error: unknown, requestId: string): Problem {
  const known = toAppError(error);
  if (!known) {
    logger.error({ event: "request.failed", requestId, err: error }, "unexpected error");
    return { type: "about:blank", title: TITLES.INTERNAL, status: 500, detail: `Something went wrong. Quote request id ${requestId} when reporting it.`, code: "INTERNAL", requestId };
  }
  const problem: Problem = { type: "about:blank", title: TITLES[known.code], status: known.status, detail: known.message, code: known.code, requestId };
  if (known.fieldErrors) problem.errors = known.fieldErrors;
  return problem;
}

export function problemResponse(error: unknown, requestId: string): NextResponse {
  const problem = problemOf(error, requestId);
  const headers: Record<string, string> = { "content-type": "application/problem+json", "cache-control": "no-store" };
  if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="meridian"';
  return new NextResponse(JSON.stringify(problem), { status: problem.status, headers });
}
