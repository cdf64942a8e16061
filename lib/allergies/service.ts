import "server-only";
import { allergyResponseSelect, toAllergyResponse, type AllergyRow } from "@/lib/allergies/dto";
import type { AllergyCreate, AllergyResponse, AllergyUpdate } from "@/lib/allergies/schema";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { invalidatePatient, openChartForWrite } from "@/lib/patients/access";
import { fieldNames } from "@/lib/patients/audit-details";
import { openRecordForWrite, sourceRecordElsewhere, type Recorded } from "@/lib/patients/recorded";

type AllergyColumns = Required<Omit<Prisma.AllergyUncheckedCreateInput, "id" | "patientId" | "createdAt" | "updatedAt">>;

/** Every column as sent, absent fields cleared or defaulted like the column: what a resend replaces. */
function allergyColumns(input: AllergyCreate): AllergyColumns {
  return {
    allergen: input.allergen,
    allergenCode: input.allergenCode ?? null,
    allergenCodeSystem: input.allergenCodeSystem ?? null,
    allergyType: input.allergyType ?? "allergy",
    category: input.category,
    clinicalStatus: input.clinicalStatus ?? "active",
    verificationStatus: input.verificationStatus ?? "unconfirmed",
    criticality: input.criticality ?? null,
    reactions: input.reactions ?? [],
    onsetDate: input.onsetDate ?? null,
    recordedDate: input.recordedDate ?? null,
    sourceEmr: input.sourceEmr ?? null,
    sourceAllergyId: input.sourceAllergyId ?? null,
  };
}

/** INSERT … ON CONFLICT DO NOTHING on the source id, else the update of the existing row on this chart. */
async function upsertAllergy(tx: Tx, patientId: string, columns: AllergyColumns): Promise<{ row: AllergyRow; created: boolean }> {
  const [inserted] = await tx.allergy.createManyAndReturn({
    data: [{ ...columns, patientId }],
    skipDuplicates: true,
    select: allergyResponseSelect,
  });
  if (inserted) return { row: inserted, created: true };
  const [updated] = await tx.allergy.updateManyAndReturn({
    where: { patientId, sourceEmr: columns.sourceEmr, sourceAllergyId: columns.sourceAllergyId },
    data: columns,
    select: allergyResponseSelect,
  });
  if (!updated) throw sourceRecordElsewhere("sourceAllergyId");
  return { row: updated, created: false };
}

/**
 * Records an allergy on a patient's chart: new, or — sent again with the same sourceEmr and sourceAllergyId — the
 * stored one replaced. Audited in the same transaction; the chart's cached entries are dropped after commit.
 */
export async function recordAllergy(ctx: AuthContext, patientId: string, input: AllergyCreate): Promise<Recorded<AllergyResponse>> {
  await assertCan(ctx, "patients:write");
  const patient = await openChartForWrite(ctx, patientId, "allergy.created", "allergies");
  const recorded = await inTransaction(async (tx) => {
    const { row, created } = await upsertAllergy(tx, patient.id, allergyColumns(input));
    await writeAudit(tx, {
      action: created ? "allergy.created" : "allergy.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: created ? 201 : 200,
      resourceType: "allergy",
      resourceId: row.id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "allergies",
      details: { fields: fieldNames(input), sourceEmr: row.sourceEmr, resent: !created },
    });
    return { record: toAllergyResponse(row), created };
  });
  await invalidatePatient(patient.id);
  return recorded;
}

/** Changes the fields sent of an allergy on this chart (status, verification, reactions, corrections). */
export async function updateAllergy(ctx: AuthContext, patientId: string, allergyId: string, input: AllergyUpdate): Promise<AllergyResponse> {
  await assertCan(ctx, "patients:write");
  const { id, patient } = await openRecordForWrite(ctx, {
    recordId: allergyId,
    chartId: patientId,
    resourceType: "allergy",
    attempted: "allergy.updated",
    dataCategory: "allergies",
    findOwner: (recordId) => db().allergy.findUnique({ where: { id: recordId }, select: { patientId: true } }),
  });
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
