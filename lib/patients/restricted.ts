import { AppError } from "@/lib/errors";

/**
 * A restricted ("break the glass") chart read without an unexpired emergency access grant. Pages catch it to
 * offer the reason form; the API answers 403 like any FORBIDDEN. Safe to import anywhere (no server code).
 */
export class RestrictedRecordError extends AppError {
  override name = "RestrictedRecordError";
  readonly reason = "restricted" as const;

  constructor(readonly patientId: string) {
    super("FORBIDDEN", "This chart is restricted. Open it through emergency access, with a reason.");
  }
}

export function isRestrictedRecordError(error: unknown): error is RestrictedRecordError {
  return error instanceof RestrictedRecordError;
}
