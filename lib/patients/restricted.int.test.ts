import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getPatientChart, getPatientDemographics, listAllergies, searchPatients } from "@/lib/patients/queries";
import { RestrictedRecordError } from "@/lib/patients/restricted";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { grantEmergencyAccess, updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertAllergy, insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("restricted charts (break the glass)", () => {
  it("refuses without a grant, opens with one, and refuses again once it expired", async () => {
    const patient = await insertPatient({ restricted: true });
    await insertAllergy(patient.id);
    const clinician = await userContextFor("clinician");

    const refused = await rejection(getPatientChart(clinician, patient.id));
    expect(refused).toBeInstanceOf(RestrictedRecordError);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "FORBIDDEN", reason: "restricted", patientId: patient.id });
    const denial = await auditRowsOf(clinician);
    expect(denial).toHaveLength(1);
    expect(denial[0]).toMatchObject({ action: "access.denied", status: "denied", statusCode: 403, patientId: patient.id, patientMrn: patient.mrn });
    expect(denial[0]?.details).toMatchObject({ reason: "restricted" });

    const granting = nextRequest(clinician);
    const grant = await grantEmergencyAccess(granting, patient.id, "Unconscious patient in the emergency department");
    const grantAudit = await auditRowsOf(granting);
    expect(grantAudit).toHaveLength(1);
    expect(grantAudit[0]).toMatchObject({ action: "patient.emergency_access", patientId: patient.id, userId: clinician.actor.id });
    expect(grantAudit[0]?.details).toMatchObject({
      reason: "Unconscious patient in the emergency department",
      expiresAt: grant.expiresAt.toISOString(),
      flagged: true,
    });
    const minutes = (grant.expiresAt.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(55);
    expect(minutes).toBeLessThanOrEqual(60);

    const reading = nextRequest(clinician);
    const chart = await getPatientChart(reading, patient.id);
    expect(chart.patient.id).toBe(patient.id);
    expect((await listAllergies(nextRequest(clinician), patient.id)).length).toBe(1);
    expect((await auditRowsOf(reading)).map((row) => row.action)).toEqual(["patient.viewed"]);

    // Another clinician has no grant, and the cached chart must not leak to them.
    const colleague = await userContextFor("clinician");
    expect(await rejection(getPatientChart(colleague, patient.id))).toBeInstanceOf(RestrictedRecordError);

    await db().emergencyAccessGrant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await rejection(getPatientChart(nextRequest(clinician), patient.id))).toBeInstanceOf(RestrictedRecordError);
  });

  it("needs a grant for writes and clinicians' demographics too; compliance reads demographics for investigations", async () => {
    const patient = await insertPatient({ restricted: true });
    const clinician = await userContextFor("clinician");
    expect(await rejection(updatePatient(clinician, patient.id, { city: "Springfield" }))).toBeInstanceOf(RestrictedRecordError);
    expect(await rejection(getPatientDemographics(nextRequest(clinician), patient.id))).toBeInstanceOf(RestrictedRecordError);
    expect((await db().patient.findUniqueOrThrow({ where: { id: patient.id }, select: { city: true } })).city).toBeNull();

    const compliance = contextFor("compliance");
    await expect(getPatientDemographics(compliance, patient.id)).resolves.toMatchObject({ id: patient.id, restricted: true });
    expect((await auditRowsOf(compliance))[0]?.details).toMatchObject({ restricted: true });
  });

  it("lists restricted patients in search, flagged", async () => {
    const patient = await insertPatient({ restricted: true });
    const result = await searchPatients(contextFor("clinician"), PatientSearchCriteria.parse({ mrn: patient.mrn }));
    expect(result.data).toEqual([expect.objectContaining({ id: patient.id, restricted: true })]);
  });

  it("grants only with the break-the-glass permission and a reason, to charts that are restricted", async () => {
    const restricted = await insertPatient({ restricted: true });
    const open = await insertPatient();
    const clinician = await userContextFor("clinician");
    await expect(grantEmergencyAccess(clinician, restricted.id, "urgent")).rejects.toMatchObject({ code: "INVALID", fieldErrors: { reason: [expect.any(String)] } });
    await expect(grantEmergencyAccess(nextRequest(clinician), open.id, "Unconscious patient in the ED")).rejects.toMatchObject({ code: "INVALID" });

    const compliance = contextFor("compliance");
    await expect(grantEmergencyAccess(compliance, restricted.id, "Unconscious patient in the ED")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await auditRowsOf(compliance)).map((row) => row.action)).toEqual(["access.denied"]);
    expect(await db().emergencyAccessGrant.count({ where: { patientId: restricted.id } })).toBe(0);
  });
});
