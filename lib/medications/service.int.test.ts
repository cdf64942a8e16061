import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { changeMedicationStatus } from "@/lib/medications/service";
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
});
