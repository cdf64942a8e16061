import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { medicationResponseSelect, toMedicationResponse } from "@/lib/medications/dto";
import type { MedicationResponse } from "@/lib/medications/schema";
import type { MedicationStatusChange } from "@/lib/medications/status-schema";
import { invalidatePatient, openChartForWrite } from "@/lib/patients/access";
import { Uuid } from "@/lib/shared-schema/fields";

function medicationNotFound(): AppError {
  return new AppError("NOT_FOUND", "No medication with this id.");
}

/** Holds, stops, completes … a medication; the change and its reason go to the audit trail. */
export async function changeMedicationStatus(
  ctx: AuthContext,
  medicationId: string,
  change: MedicationStatusChange,
): Promise<MedicationResponse> {
  await assertCan(ctx, "patients:write");
  const id = Uuid.safeParse(medicationId).data;
  const current = id
    ? await db().medication.findUnique({ where: { id }, select: { patientId: true } })
    : null;
  if (!id || !current) throw medicationNotFound();
  const patient = await openChartForWrite(ctx, current.patientId, "medication.updated", "medications");
  const updated = await inTransaction(async (tx) => {
    const before = await tx.medication.findUnique({ where: { id }, select: { status: true } });
    if (!before) throw medicationNotFound();
    const row = await tx.medication.update({ where: { id }, data: { status: change.status }, select: medicationResponseSelect });
    await writeAudit(tx, {
      action: "medication.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "medication",
      resourceId: id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "medications",
      details: { from: before.status, to: change.status, reason: change.reason ?? null },
    });
    return toMedicationResponse(row);
  });
  await invalidatePatient(patient.id);
  return updated;
}
