import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { MedicationCreate } from "@/lib/medications/schema";
import { changeMedicationStatus, recordMedication } from "@/lib/medications/service";
import { listMedications } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertMedication, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

describe("medications", () => {
  it("changes a medication's status with a reason, audited, and invalidates the cached list", async () => {
    const patient = await insertPatient();
    const medication = await insertMedication(patient.id);
    expect((await listMedications(contextFor("clinician"), patient.id))[0]?.status).toBe("active");
    expect(await cache().exists(cacheKeys.medications(patient.id))).toBe(true);

    const ctx = contextFor("clinician");
    const changed = await changeMedicationStatus(ctx, medication.id, { status: "stopped", reason: "Cough, switching to an ARB" });
    expect(changed.status).toBe("stopped");
    expect(await cache().exists(cacheKeys.medications(patient.id))).toBe(false);
    expect((await listMedications(contextFor("clinician"), patient.id))[0]?.status).toBe("stopped");

    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "medication.updated", patientId: patient.id, dataCategory: "medications" });
    expect(rows[0]?.details).toMatchObject({ from: "active", to: "stopped" });

    const compliance = contextFor("compliance");
    await expect(changeMedicationStatus(compliance, medication.id, { status: "active" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await auditRowsOf(compliance)).map((row) => row.action)).toEqual(["access.denied"]);
    await expect(changeMedicationStatus(contextFor("clinician"), "6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", { status: "active" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("changes a medication only on the chart the caller addressed", async () => {
    const patient = await insertPatient();
    const other = await insertPatient();
    const medication = await insertMedication(other.id);
    const ctx = contextFor("clinician");
    await expect(changeMedicationStatus(ctx, medication.id, { status: "stopped" }, patient.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await auditRowsOf(ctx)).map((row) => [row.action, row.status, row.statusCode, row.patientId])).toEqual([["medication.updated", "failure", 404, patient.id]]);
    expect(await changeMedicationStatus(contextFor("clinician"), medication.id, { status: "stopped" }, other.id)).toMatchObject({ status: "stopped" });
  });
});

describe("recordMedication", () => {
  const lisinopril = (changes: Record<string, unknown> = {}) =>
    MedicationCreate.parse({ medicationName: "Lisinopril 10 MG Oral Tablet", dose: 1, doseUnit: "tablet", startDate: "2024-01-15", ...changes });

  it("records a medication, then a resend of the same source record updates it in place", async () => {
    const patient = await insertPatient();
    const source = { sourceEmr: "epic", sourceMedicationId: `RX-${patient.id}` };
    const creating = contextFor("integration");
    const first = await recordMedication(creating, patient.id, lisinopril(source));
    expect(first).toMatchObject({ created: true, record: { status: "active", startDate: "2024-01-15", endDate: null, codeSystem: expect.stringContaining("rxnorm") } });

    const resending = contextFor("integration");
    const again = await recordMedication(resending, patient.id, lisinopril({ ...source, status: "completed", endDate: "2024-03-01" }));
    expect(again).toMatchObject({ created: false, record: { id: first.record.id, status: "completed", endDate: "2024-03-01" } });
    expect(await db().medication.count({ where: { patientId: patient.id } })).toBe(1);
    expect((await listMedications(contextFor("clinician"), patient.id)).map((entry) => entry.status)).toEqual(["completed"]);

    expect((await auditRowsOf(creating)).map((row) => [row.action, row.statusCode])).toEqual([["medication.created", 201]]);
    expect((await auditRowsOf(resending)).map((row) => [row.action, row.statusCode])).toEqual([["medication.updated", 200]]);
  });
});
