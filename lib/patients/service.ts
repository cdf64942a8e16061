import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { encrypt } from "@/lib/crypto";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { fieldNames } from "@/lib/patients/audit-details";
import { findPatientHeader, invalidatePatient, openChartForWrite, parsePatientId } from "@/lib/patients/access";
import { isUniqueViolation, patientConflict } from "@/lib/patients/conflicts";
import { patientResponseSelect, toPatientResponse } from "@/lib/patients/dto";
import { parseAccessReason } from "@/lib/patients/reason-schema";
import type { PatientCreate, PatientResponse, PatientUpdate } from "@/lib/patients/schema";

/** The stored form of an SSN field: encrypted, plus its last four for display; null clears both. */
function ssnColumns(ssn: string | null): { ssnEncrypted: string | null; ssnLast4: string | null } {
  if (ssn === null) return { ssnEncrypted: null, ssnLast4: null };
  return { ssnEncrypted: encrypt(ssn, env().ENCRYPTION_KEY), ssnLast4: ssn.slice(-4) };
}

export async function createPatient(ctx: AuthContext, input: PatientCreate): Promise<PatientResponse> {
  await assertCan(ctx, "patients:write");
  const { ssn, ...fields } = input;
  try {
    const created = await inTransaction(async (tx) => {
      const row = await tx.patient.create({
        data: { ...fields, ...ssnColumns(ssn ?? null) },
        select: patientResponseSelect,
      });
      await writeAudit(tx, {
        action: "patient.created",
        actor: ctx.actor,
        request: ctx.request,
        outcome: "success",
        statusCode: 201,
        resourceType: "patient",
        resourceId: row.id,
        patient: { id: row.id, mrn: row.mrn },
        dataCategory: "demographics",
        details: { fields: fieldNames(input) },
      });
      return toPatientResponse(row);
    });
    await invalidatePatient(created.id);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw await patientConflict(input.mrn);
    throw error;
  }
}

/** Changes the given fields; null clears an optional one, `ssn: null` removes the SSN. Restricted charts need a grant. */
export async function updatePatient(ctx: AuthContext, patientId: string, input: PatientUpdate): Promise<PatientResponse> {
  await assertCan(ctx, "patients:write");
  const id = parsePatientId(patientId);
  await openChartForWrite(ctx, id, "patient.updated", "demographics");
  const { ssn, ...fields } = input;
  try {
    const updated = await inTransaction(async (tx) => {
      const before = await findPatientHeader(tx, id);
      const row = await tx.patient.update({
        where: { id },
        data: { ...fields, ...(ssn === undefined ? {} : ssnColumns(ssn)) },
        select: patientResponseSelect,
      });
      await writeAudit(tx, {
        action: "patient.updated",
        actor: ctx.actor,
        request: ctx.request,
        outcome: "success",
        statusCode: 200,
        resourceType: "patient",
        resourceId: id,
        patient: { id, mrn: row.mrn },
        dataCategory: "demographics",
        details: { fields: fieldNames(input), ...(before.mrn === row.mrn ? {} : { previousMrn: before.mrn }) },
      });
      return toPatientResponse(row);
    });
    await invalidatePatient(id);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw await patientConflict(input.mrn, id);
    throw error;
  }
}

export interface EmergencyAccessGrant {
  id: string;
  patientId: string;
  expiresAt: Date;
}

/**
 * Break the glass: opens a restricted chart to the calling user for EMERGENCY_ACCESS_MINUTES, for a stated reason.
 * The grant and its flagged audit row commit together; compliance reviews every one.
 */
export async function grantEmergencyAccess(ctx: AuthContext, patientId: string, reason: string): Promise<EmergencyAccessGrant> {
  await assertCan(ctx, "patients:break_glass");
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", "Emergency access is granted to signed-in users only.");
  const statedReason = parseAccessReason(reason);
  const id = parsePatientId(patientId);
  const expiresAt = new Date(Date.now() + env().EMERGENCY_ACCESS_MINUTES * 60_000);
  return inTransaction(async (tx) => {
    const patient = await findPatientHeader(tx, id);
    if (!patient.restricted) throw new AppError("INVALID", "This chart is not restricted; open it directly.");
    const grant = await tx.emergencyAccessGrant.create({
      data: { userId: ctx.actor.id, patientId: id, reason: statedReason, expiresAt },
      select: { id: true, patientId: true, expiresAt: true },
    });
    await writeAudit(tx, {
      action: "patient.emergency_access",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 201,
      resourceType: "patient",
      resourceId: id,
      patient: { id, mrn: patient.mrn },
      dataCategory: "full_chart",
      details: { reason: statedReason, expiresAt: grant.expiresAt.toISOString(), flagged: true, grantId: grant.id },
    });
    return grant;
  });
}
