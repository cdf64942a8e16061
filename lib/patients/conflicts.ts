import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The MRN a write would leave the patient with: the one sent, else the stored one (an update may send only one part). */
export interface MrnKey {
  mrn: string;
  mrnAuthority: string;
}

/**
 * Whether another patient holds this MRN in this assigning authority: as its MRN, or as an MR identifier it took
 * over (a merge moves the prior record's identifiers to the surviving patient, so the old MRN still leads there).
 */
async function mrnTaken({ mrn, mrnAuthority }: MrnKey, exceptId?: string): Promise<boolean> {
  const notThis = exceptId ? { NOT: { id: exceptId } } : {};
  const [byColumn, byIdentifier] = await Promise.all([
    db().patient.findFirst({ where: { mrn, mrnAuthority, ...notThis }, select: { id: true } }),
    db().patientIdentifier.findFirst({
      where: { value: mrn, assigningAuthority: mrnAuthority, identifierType: "MR", ...(exceptId ? { NOT: { patientId: exceptId } } : {}) },
      select: { id: true },
    }),
  ]);
  return byColumn !== null || byIdentifier !== null;
}

function authorityText(mrnAuthority: string): string {
  return mrnAuthority ? `assigning authority ${mrnAuthority}` : "no assigning authority";
}

/**
 * Which unique value a failed patient write collided with. The constraint decided (no check-then-write race);
 * this only looks up which one, so the form can point at the field. The same MRN under another assigning authority
 * is another patient's number, not a conflict.
 */
export async function patientConflict(key: MrnKey | null, exceptId?: string): Promise<AppError> {
  if (key && (await mrnTaken(key, exceptId))) {
    return new AppError("CONFLICT", `Another patient has this MRN under ${authorityText(key.mrnAuthority)}.`, {
      mrn: ["This MRN is already in use in this assigning authority"],
    });
  }
  return new AppError("CONFLICT", "Another patient has this source EMR patient id.", {
    sourcePatientId: ["This patient id from the source EMR is already registered"],
  });
}
