import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";
import { observationResponseSelect, toObservationResponse, type ObservationRow } from "@/lib/observations/dto";
import type { ObservationCreate, ObservationResponse } from "@/lib/observations/schema";
import { invalidatePatient, openChartForWrite } from "@/lib/patients/access";
import { fieldNames } from "@/lib/patients/audit-details";
import { sourceRecordElsewhere, type Recorded } from "@/lib/patients/recorded";

type ObservationColumns = Required<Omit<Prisma.ObservationUncheckedCreateInput, "id" | "patientId" | "createdAt" | "updatedAt">>;

/**
 * Every column of the record as sent, absent fields cleared or given the column's default: a resend replaces the
 * stored version with exactly what a first send would have stored.
 */
function observationColumns(input: ObservationCreate): ObservationColumns {
  return {
    observationType: input.observationType,
    code: input.code,
    codeSystem: input.codeSystem ?? "http://loinc.org",
    codeDisplay: input.codeDisplay ?? null,
    valueQuantity: input.valueQuantity ?? null,
    valueString: input.valueString ?? null,
    valueBoolean: input.valueBoolean ?? null,
    valueCode: input.valueCode ?? null,
    unit: input.unit ?? null,
    referenceRangeLow: input.referenceRangeLow ?? null,
    referenceRangeHigh: input.referenceRangeHigh ?? null,
    referenceRangeText: input.referenceRangeText ?? null,
    interpretation: input.interpretation ?? null,
    abnormalFlag: input.abnormalFlag ?? null,
    status: input.status ?? "final",
    effectiveDatetime: input.effectiveDatetime,
    issuedDatetime: input.issuedDatetime ?? null,
    performer: input.performer ?? null,
    note: input.note ?? null,
    sourceEmr: input.sourceEmr ?? null,
    sourceObservationId: input.sourceObservationId ?? null,
  };
}

/**
 * INSERT … ON CONFLICT DO NOTHING on the source id, then, when the row already existed, the update of that row on
 * this chart. Null source ids never conflict, so a record without one is always new.
 */
async function upsertObservation(tx: Tx, patientId: string, columns: ObservationColumns): Promise<{ row: ObservationRow; created: boolean }> {
  const [inserted] = await tx.observation.createManyAndReturn({
    data: [{ ...columns, patientId }],
    skipDuplicates: true,
    select: observationResponseSelect,
  });
  if (inserted) return { row: inserted, created: true };
  const [updated] = await tx.observation.updateManyAndReturn({
    where: { patientId, sourceEmr: columns.sourceEmr, sourceObservationId: columns.sourceObservationId },
    data: columns,
    select: observationResponseSelect,
  });
  if (!updated) throw sourceRecordElsewhere("sourceObservationId");
  return { row: updated, created: false };
}

/**
 * Records a result on a patient's chart: new, or — sent again with the same sourceEmr and sourceObservationId —
 * the stored one replaced. Audited in the same transaction; the chart's cached entries are dropped after commit.
 */
export async function recordObservation(ctx: AuthContext, patientId: string, input: ObservationCreate): Promise<Recorded<ObservationResponse>> {
  await assertCan(ctx, "patients:write");
  const patient = await openChartForWrite(ctx, patientId, "observation.created", "results");
  const recorded = await inTransaction(async (tx) => {
    const { row, created } = await upsertObservation(tx, patient.id, observationColumns(input));
    await writeAudit(tx, {
      action: created ? "observation.created" : "observation.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: created ? 201 : 200,
      resourceType: "observation",
      resourceId: row.id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "results",
      details: { fields: fieldNames(input), sourceEmr: row.sourceEmr, resent: !created },
    });
    return { record: toObservationResponse(row), created };
  });
  await invalidatePatient(patient.id);
  return recorded;
}
