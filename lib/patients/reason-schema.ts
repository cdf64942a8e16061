import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Uuid } from "@/lib/shared-schema/fields";

/** Why someone reveals an SSN or breaks the glass: kept in the audit trail for review. */
export const AccessReason = z
  .string()
  .trim()
  .min(10, "Give a reason of at least 10 characters")
  .max(500, "Must be at most 500 characters")
  .describe("Reason, recorded in the audit trail");

export const RevealSsnInput = z.object({ patientId: Uuid, reason: AccessReason });
export type RevealSsnInput = z.infer<typeof RevealSsnInput>;

export const EmergencyAccessInput = z.object({ patientId: Uuid, reason: AccessReason });
export type EmergencyAccessInput = z.infer<typeof EmergencyAccessInput>;

/** The stated reason, or INVALID with the problem under `reason` (what the reason form shows). */
export function parseAccessReason(reason: unknown): string {
  const parsed = AccessReason.safeParse(reason);
  if (parsed.success) return parsed.data;
  throw new AppError("INVALID", "A reason is required.", { reason: parsed.error.issues.map((issue) => issue.message) });
}
