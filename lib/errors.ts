import { ZodError } from "zod";

export type AppErrorCode = "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "INVALID" | "RATE_LIMITED" | "UNAVAILABLE";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export type FieldErrors = Record<string, string[]>;

/** An expected failure: its message is safe to show to the caller. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function fieldErrorsOf(error: ZodError): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_form";
    (result[key] ??= []).push(issue.message);
  }
  return result;
}

interface PrismaKnownError {
  code: string;
  meta?: { target?: unknown; modelName?: unknown };
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    /^P\d{4}$/.test(error.code)
  );
}

/** Turns any thrown value into an AppError when it is an expected failure, or undefined when it is a bug. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError("INVALID", "The request has invalid fields.", fieldErrorsOf(error));
  if (isPrismaKnownError(error)) {
    if (error.code === "P2002") return new AppError("CONFLICT", "A record with the same unique value already exists.");
    if (error.code === "P2025") return new AppError("NOT_FOUND", "The record was not found.");
    if (error.code === "P2003") return new AppError("INVALID", "A referenced record does not exist.");
  }
  return undefined;
}
