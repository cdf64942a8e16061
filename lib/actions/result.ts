import type { AppErrorCode, FieldErrors } from "@/lib/errors";

/** What every server action returns: the form shows `message` and each field's errors next to the field. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; code: AppErrorCode | "INTERNAL"; message: string; fieldErrors?: FieldErrors; requestId?: string };

