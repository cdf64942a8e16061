import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { getPatientChart, getPatientDemographics } from "@/lib/patients/queries";
import { RestrictedRecordError } from "@/lib/patients/restricted";
import { PatientUpdate } from "@/lib/patients/schema";
import { grantEmergencyAccess, setPatientRestriction, updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const REASON = "Patient asked for a confidential record (public figure)";

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}

async function isRestricted(patientId: string): Promise<boolean> {
  return (await db().patient.findUniqueOrThrow({ where: { id: patientId }, select: { restricted: true } })).restricted;
}

describe("restricting a chart (patients:restrict)", () => {
  it("a clinician who broke the glass can read the chart but cannot lift its restriction, by either route", async () => {
    const patient = await insertPatient({ restricted: true });
    const clinician = await userContextFor("clinician");
    await grantEmergencyAccess(clinician, patient.id, "Unconscious patient in the emergency department");
    await expect(getPatientChart(nextRequest(clinician), patient.id)).resolves.toMatchObject({ patient: { id: patient.id } });

    const unrestricting = nextRequest(clinician);
    await expect(setPatientRestriction(unrestricting, patient.id, { restricted: false, reason: REASON })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await auditRowsOf(unrestricting)).toEqual([
      expect.objectContaining({ action: "access.denied", status: "denied", statusCode: 403, details: expect.objectContaining({ permission: "patients:restrict" }) }),
    ]);

    // The demographics edit the grant does allow cannot carry the flag: the schema drops or refuses it.
    const editing = nextRequest(clinician);
    const parsed = PatientUpdate.safeParse({ restricted: false, city: "Springfield" });
    if (parsed.success) await updatePatient(editing, patient.id, parsed.data);
    expect(await isRestricted(patient.id)).toBe(true);

    const colleague = await userContextFor("clinician");
    expect(await rejection(getPatientChart(colleague, patient.id))).toBeInstanceOf(RestrictedRecordError);
  });

  it("compliance restricts and lifts the restriction; each change is audited with from/to and the reason", async () => {
    const patient = await insertPatient();
    const clinician = await userContextFor("clinician");
    await getPatientChart(clinician, patient.id);
    expect(await cache().exists(cacheKeys.patientAggregate(patient.id))).toBe(true);

    const restricting = contextFor("compliance");
    await expect(setPatientRestriction(restricting, patient.id, { restricted: true, reason: REASON })).resolves.toEqual({
      patientId: patient.id,
      restricted: true,
      changed: true,
    });
    expect(await isRestricted(patient.id)).toBe(true);
    expect(await cache().exists(cacheKeys.patientAggregate(patient.id))).toBe(false);
    const rows = await auditRowsOf(restricting);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: "patient.restriction_changed",
      status: "success",
      patientId: patient.id,
      patientMrn: patient.mrn,
      dataCategory: "demographics",
      details: { changes: { restricted: { from: false, to: true } }, changed: true, reason: REASON },
    });
    expect(await rejection(getPatientChart(nextRequest(clinician), patient.id))).toBeInstanceOf(RestrictedRecordError);

    const again = contextFor("compliance");
    await expect(setPatientRestriction(again, patient.id, { restricted: true, reason: REASON })).resolves.toMatchObject({ changed: false });
    expect((await auditRowsOf(again))[0]?.details).toMatchObject({ changes: { restricted: { from: true, to: true } }, changed: false });

    const lifting = contextFor("compliance");
    await setPatientRestriction(lifting, patient.id, { restricted: false, reason: "Confidentiality request withdrawn by the patient" });
    expect((await auditRowsOf(lifting))[0]?.details).toMatchObject({ changes: { restricted: { from: true, to: false } } });
    await expect(getPatientChart(nextRequest(clinician), patient.id)).resolves.toMatchObject({ patient: { restricted: false } });
  });

  it("needs a reason, and only patients:restrict: clinicians, admins and API keys are refused", async () => {
    const patient = await insertPatient();
    await expect(setPatientRestriction(contextFor("compliance"), patient.id, { restricted: true, reason: "vip" })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { reason: [expect.any(String)] },
    });
    for (const role of ["clinician", "admin", "integration"] as const) {
      await expect(setPatientRestriction(contextFor(role), patient.id, { restricted: true, reason: REASON })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await isRestricted(patient.id)).toBe(false);
  });

  it("audits a restriction change for an unknown or malformed id as a failed attempt", async () => {
    for (const id of ["6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", "not-a-uuid"]) {
      const ctx = contextFor("compliance");
      await expect(setPatientRestriction(ctx, id, { restricted: true, reason: REASON })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await auditRowsOf(ctx)).toEqual([
        expect.objectContaining({ action: "patient.restriction_changed", status: "failure", statusCode: 404, patientId: null }),
      ]);
    }
  });
});

describe("the audit row of a demographics edit", () => {
  it("records from/to of non-identifying fields and only the names of PHI fields", async () => {
    const patient = await insertPatient({ sourceEmr: "epic-west", preferredLanguage: "en", city: "Boston" });
    const ctx = contextFor("clinician");
    await updatePatient(
      ctx,
      patient.id,
      PatientUpdate.parse({ sourceEmr: "cerner-east", preferredLanguage: "es", maritalStatus: "M", city: "Springfield", phone: "(415) 555-2671" }),
    );
    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toEqual({
      fields: ["city", "maritalStatus", "phone", "preferredLanguage", "sourceEmr"],
      changes: {
        sourceEmr: { from: "epic-west", to: "cerner-east" },
        preferredLanguage: { from: "en", to: "es" },
        maritalStatus: { from: null, to: "M" },
      },
    });
    expect(JSON.stringify(rows[0]?.details)).not.toMatch(/Springfield|Boston|555/);
  });
});

describe("demographics reads of an unknown or malformed id", () => {
  it("are audited as failed reads and answer NOT_FOUND", async () => {
    for (const [id, malformedId] of [
      ["6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", false],
      ["nope", true],
      ["x".repeat(300), true],
    ] as const) {
      const ctx = contextFor("clinician");
      await expect(getPatientDemographics(ctx, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      const rows = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true, status: true, statusCode: true, resourceId: true, details: true } });
      expect(rows).toEqual([
        { action: "patient.viewed", status: "failure", statusCode: 404, resourceId: id.slice(0, 128), details: { reason: "not_found", malformedId } },
      ]);
    }
  });
});
