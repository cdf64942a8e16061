import { ZodError } from "zod";
import { isDatabaseUnavailable } from "@/lib/db/connection-failure";

export type AppErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "INVALID"
  | "RATE_LIMITED"
  | "UNAVAILABLE";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
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

export const UNKNOWN_FIELD = "Unknown field";

export function fieldErrorsOf(error: ZodError): FieldErrors {
  // Keys are the client's field names: a Map, so "constructor" or "__proto__" are fields like any other.
  const result = new Map<string, string[]>();
  const add = (path: readonly PropertyKey[], message: string) => {
    const key = path.length > 0 ? path.map(String).join(".") : "_form";
    result.set(key, [...(result.get(key) ?? []), message]);
  };
  for (const issue of error.issues) {
    // A strict object names every unknown key in one issue at the object: report each at its own path.
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) add([...issue.path, key], UNKNOWN_FIELD);
    else add(issue.path, issue.message);
  }
  return Object.fromEntries(result);
}

/** The paths of the unknown fields a strict schema refused, e.g. ["middlename", "reactions.0.color"]. */
function unknownFieldsOf(error: ZodError): string[] {
  return error.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key].join(".")) : []));
}

function invalidInput(error: ZodError): AppError {
  const unknown = unknownFieldsOf(error);
  const message = unknown.length > 0 ? `Unknown fields: ${unknown.join(", ")}.` : "The request has invalid fields.";
  return new AppError("INVALID", message, fieldErrorsOf(error));
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
  if (error instanceof ZodError) return invalidInput(error);
  if (isDatabaseUnavailable(error)) {
    return new AppError("UNAVAILABLE", "The database is unavailable; nothing was changed. Send the request again shortly.");
  }
  if (isPrismaKnownError(error)) {
    if (error.code === "P2002") return new AppError("CONFLICT", "A record with the same unique value already exists.");
    if (error.code === "P2025") return new AppError("NOT_FOUND", "The record was not found.");
    if (error.code === "P2003") return new AppError("INVALID", "A referenced record does not exist.");
    // A value the column cannot hold that validation let through is still the client's value, not a server fault.
    if (error.code === "P2020") return new AppError("INVALID", "A value is out of range for its field.");
  }
  return undefined;
}
