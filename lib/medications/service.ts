import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { medicationResponseSelect, toMedicationResponse, type MedicationRow } from "@/lib/medications/dto";
import type { MedicationCreate, MedicationResponse } from "@/lib/medications/schema";
import type { MedicationStatusChange } from "@/lib/medications/status-schema";
import { invalidatePatient, openChartForWrite } from "@/lib/patients/access";
import { fieldNames } from "@/lib/patients/audit-details";
import { openRecordForWrite, sourceRecordElsewhere, type Recorded } from "@/lib/patients/recorded";

const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

type MedicationColumns = Required<Omit<Prisma.MedicationUncheckedCreateInput, "id" | "patientId" | "createdAt" | "updatedAt">>;

/** Every column as sent, absent fields cleared or defaulted like the column: what a resend replaces. */
function medicationColumns(input: MedicationCreate): MedicationColumns {
  return {
    medicationName: input.medicationName,
    genericName: input.genericName ?? null,
    medicationCode: input.medicationCode ?? null,
    codeSystem: input.codeSystem ?? RXNORM,
    strength: input.strength ?? null,
    dose: input.dose ?? null,
    doseUnit: input.doseUnit ?? null,
    route: input.route ?? null,
    frequency: input.frequency ?? null,
    instructions: input.instructions ?? null,
    status: input.status ?? "active",
    prescriberName: input.prescriberName ?? null,
    prescriberId: input.prescriberId ?? null,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    sourceEmr: input.sourceEmr ?? null,
    sourceMedicationId: input.sourceMedicationId ?? null,
  };
}

/** INSERT … ON CONFLICT DO NOTHING on the source id, else the update of the existing row on this chart. */
async function upsertMedication(tx: Tx, patientId: string, columns: MedicationColumns): Promise<{ row: MedicationRow; created: boolean }> {
  const [inserted] = await tx.medication.createManyAndReturn({
    data: [{ ...columns, patientId }],
    skipDuplicates: true,
    select: medicationResponseSelect,
  });
  if (inserted) return { row: inserted, created: true };
  const [updated] = await tx.medication.updateManyAndReturn({
    where: { patientId, sourceEmr: columns.sourceEmr, sourceMedicationId: columns.sourceMedicationId },
    data: columns,
    select: medicationResponseSelect,
  });
  if (!updated) throw sourceRecordElsewhere("sourceMedicationId");
  return { row: updated, created: false };
}

/**
 * Records a medication on a patient's chart: new, or — sent again with the same sourceEmr and sourceMedicationId —
 * the stored one replaced. Audited in the same transaction; the chart's cached entries are dropped after commit.
 */
export async function recordMedication(ctx: AuthContext, patientId: string, input: MedicationCreate): Promise<Recorded<MedicationResponse>> {
  await assertCan(ctx, "patients:write");
  const patient = await openChartForWrite(ctx, patientId, "medication.created", "medications");
  const recorded = await inTransaction(async (tx) => {
    const { row, created } = await upsertMedication(tx, patient.id, medicationColumns(input));
    await writeAudit(tx, {
      action: created ? "medication.created" : "medication.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: created ? 201 : 200,
      resourceType: "medication",
      resourceId: row.id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "medications",
      details: { fields: fieldNames(input), sourceEmr: row.sourceEmr, resent: !created },
    });
    return { record: toMedicationResponse(row), created };
  });
  await invalidatePatient(patient.id);
  return recorded;
}

/**
 * Holds, stops, completes … a medication; the change and its reason go to the audit trail. `chartId`, when the
 * caller addressed one chart (the API path), must be the medication's: another chart's medication is not found.
 */
export async function changeMedicationStatus(
  ctx: AuthContext,
  medicationId: string,
  change: MedicationStatusChange,
  chartId?: string,
): Promise<MedicationResponse> {
  await assertCan(ctx, "patients:write");
  const { id, patient } = await openRecordForWrite(ctx, {
    recordId: medicationId,
    chartId,
    resourceType: "medication",
    attempted: "medication.updated",
    dataCategory: "medications",
    findOwner: (recordId) => db().medication.findUnique({ where: { id: recordId }, select: { patientId: true } }),
  });
  const updated = await inTransaction(async (tx) => {
    const before = await tx.medication.findUniqueOrThrow({ where: { id }, select: { status: true } });
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
