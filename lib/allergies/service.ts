import "server-only";
import { allergyResponseSelect, toAllergyResponse } from "@/lib/allergies/dto";
import type { AllergyCreate, AllergyResponse, AllergyUpdate } from "@/lib/allergies/schema";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { fieldNames } from "@/lib/patients/audit-details";
import { invalidatePatient, openChartForWrite, parsePatientId } from "@/lib/patients/access";
import { Uuid } from "@/lib/shared-schema/fields";

function allergyNotFound(): AppError {
  return new AppError("NOT_FOUND", "No allergy with this id.");
}

export async function createAllergy(ctx: AuthContext, patientId: string, input: AllergyCreate): Promise<AllergyResponse> {
  await assertCan(ctx, "patients:write");
  const id = parsePatientId(patientId);
  if (input.patientId !== id) {
    throw new AppError("INVALID", "The allergy belongs to another patient.", { patientId: ["Does not match the chart"] });
  }
  const patient = await openChartForWrite(ctx, id, "allergy.created", "allergies");
  const { reactions, ...fields } = input;
  const created = await inTransaction(async (tx) => {
    const row = await tx.allergy.create({
      data: { ...fields, patientId: id, reactions: reactions ?? [] },
      select: allergyResponseSelect,
    });
    await writeAudit(tx, {
      action: "allergy.created",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 201,
      resourceType: "allergy",
      resourceId: row.id,
      patient: { id, mrn: patient.mrn },
      dataCategory: "allergies",
      details: { fields: fieldNames(input) },
    });
    return toAllergyResponse(row);
  });
  await invalidatePatient(id);
  return created;
}

export async function updateAllergy(ctx: AuthContext, allergyId: string, input: AllergyUpdate): Promise<AllergyResponse> {
  await assertCan(ctx, "patients:write");
  const id = Uuid.safeParse(allergyId).data;
  const current = id
    ? await db().allergy.findUnique({ where: { id }, select: { patientId: true } })
    : null;
  if (!id || !current) throw allergyNotFound();
  const patient = await openChartForWrite(ctx, current.patientId, "allergy.updated", "allergies");
  const updated = await inTransaction(async (tx) => {
    const row = await tx.allergy.update({ where: { id }, data: input, select: allergyResponseSelect });
    await writeAudit(tx, {
      action: "allergy.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "allergy",
      resourceId: id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "allergies",
      details: { fields: fieldNames(input) },
    });
    return toAllergyResponse(row);
  });
  await invalidatePatient(patient.id);
  return updated;
}
