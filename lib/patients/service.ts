import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { sealSecret } from "@/lib/secrets/keyring";
import { db } from "@/lib/db/client";
import { rememberWrite } from "@/lib/db/read-your-writes";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { changeDetails, fieldNames, type ValueAuditedField } from "@/lib/patients/audit-details";
import { invalidatePatient, lookupPatient, openChartForWrite, patientNotFound } from "@/lib/patients/access";
import { isUniqueViolation } from "@/lib/db/errors";
import { patientConflict, type MrnKey } from "@/lib/patients/conflicts";
import { patientResponseSelect, toPatientResponse } from "@/lib/patients/dto";
import { parseAccessReason } from "@/lib/patients/reason-schema";
import type { PatientRestrictionChange, PatientRestrictionResponse } from "@/lib/patients/restriction-schema";
import type { PatientCreate, PatientResponse, PatientUpdate } from "@/lib/patients/schema";

/** The stored form of an SSN field: encrypted, plus its last four for display; null clears both. */
function ssnColumns(ssn: string | null): { ssnEncrypted: string | null; ssnKeyId: string | null; ssnLast4: string | null } {
  if (ssn === null) return { ssnEncrypted: null, ssnKeyId: null, ssnLast4: null };
  const sealed = sealSecret(ssn);
  return { ssnEncrypted: sealed.ciphertext, ssnKeyId: sealed.keyId, ssnLast4: ssn.slice(-4) };
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
    await rememberWrite(ctx.actor);
    return created;
  } catch (error) {
    if (isUniqueViolation(error)) throw await patientConflict({ mrn: input.mrn, mrnAuthority: input.mrnAuthority ?? "" });
    throw error;
  }
}

/** What an edit's audit row compares with: the MRN (recorded when it changes) and the fields audited by value. */
const beforeEditSelect = {
  mrn: true,
  mrnAuthority: true,
  mergedIntoId: true,
  gender: true,
  maritalStatus: true,
  preferredLanguage: true,
  country: true,
  sourceEmr: true,
} as const satisfies Record<"mrn" | "mrnAuthority" | "mergedIntoId" | ValueAuditedField, true>;

/** A merged record's identifiers and results live on the surviving patient: that is the record to change. */
function mergedRecordError(survivorId: string): AppError {
  return new AppError("CONFLICT", `This record was merged into patient ${survivorId}; change the surviving record instead.`);
}

/** The MRN key an update would leave, when it touches the MRN at all (for the 409's message). */
async function mrnKeyAfter(patientId: string, input: PatientUpdate): Promise<MrnKey | null> {
  if (input.mrn === undefined && input.mrnAuthority === undefined) return null;
  const stored = await db().patient.findUnique({ where: { id: patientId }, select: { mrn: true, mrnAuthority: true } });
  if (!stored) return null;
  return { mrn: input.mrn ?? stored.mrn, mrnAuthority: input.mrnAuthority ?? stored.mrnAuthority };
}

/** Changes the given fields; null clears an optional one, `ssn: null` removes the SSN. Restricted charts need a grant. */
export async function updatePatient(ctx: AuthContext, patientId: string, input: PatientUpdate): Promise<PatientResponse> {
  await assertCan(ctx, "patients:write");
  const { id } = await openChartForWrite(ctx, patientId, "patient.updated", "demographics");
  const { ssn, ...fields } = input;
  try {
    const updated = await inTransaction(async (tx) => {
      const before = await tx.patient.findUniqueOrThrow({ where: { id }, select: beforeEditSelect });
      if (before.mergedIntoId) throw mergedRecordError(before.mergedIntoId);
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
        details: {
          ...changeDetails(before, input),
          ...(before.mrn === row.mrn ? {} : { previousMrn: before.mrn }),
          ...(before.mrnAuthority === row.mrnAuthority ? {} : { previousMrnAuthority: before.mrnAuthority }),
        },
      });
      return toPatientResponse(row);
    });
    await invalidatePatient(id);
    await rememberWrite(ctx.actor);
    return updated;
  } catch (error) {
    if (isUniqueViolation(error)) throw await patientConflict(await mrnKeyAfter(id, input), id);
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
  const expiresAt = new Date(Date.now() + env().EMERGENCY_ACCESS_MINUTES * 60_000);
  const grant = await inTransaction(async (tx) => {
    const patient = await lookupPatient(tx, ctx, patientId, "patient.emergency_access", "full_chart");
    if (!patient) return null;
    const { id } = patient;
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
  if (!grant) throw patientNotFound();
  await rememberWrite(ctx.actor);
  return grant;
}

/**
 * Restricts a chart (emergency access only from then on) or lifts the restriction, for a stated reason. Needs
 * patients:restrict, which breaking the glass never gives; compliance decides without a grant. The audit row
 * records from/to and the reason; setting the restriction a chart already has changes nothing but is audited.
 */
export async function setPatientRestriction(
  ctx: AuthContext,
  patientId: string,
  change: PatientRestrictionChange,
): Promise<PatientRestrictionResponse> {
  await assertCan(ctx, "patients:restrict");
  const reason = parseAccessReason(change.reason);
  const result = await inTransaction(async (tx) => {
    const patient = await lookupPatient(tx, ctx, patientId, "patient.restriction_changed", "demographics");
    if (!patient) return null;
    const changed = patient.restricted !== change.restricted;
    if (changed) await tx.patient.update({ where: { id: patient.id }, data: { restricted: change.restricted }, select: { id: true } });
    await writeAudit(tx, {
      action: "patient.restriction_changed",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "patient",
      resourceId: patient.id,
      patient: { id: patient.id, mrn: patient.mrn },
      dataCategory: "demographics",
      details: { changes: { restricted: { from: patient.restricted, to: change.restricted } }, changed, reason },
    });
    return { patientId: patient.id, restricted: change.restricted, changed };
  });
  if (!result) throw patientNotFound();
  if (result.changed) await invalidatePatient(result.patientId);
  await rememberWrite(ctx.actor);
  return result;
}
