import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Which unique value a failed patient write collided with. The constraint decided (no check-then-write race);
 * this only looks up which one, so the form can point at the field.
 */
export async function patientConflict(mrn: string | undefined, exceptId?: string): Promise<AppError> {
  const taken = mrn
    ? await db().patient.findFirst({ where: { mrn, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } })
    : null;
  if (taken) return new AppError("CONFLICT", "Another patient has this MRN.", { mrn: ["This MRN is already in use"] });
  return new AppError("CONFLICT", "Another patient has this source EMR patient id.", {
    sourcePatientId: ["This patient id from the source EMR is already registered"],
  });
}
