import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { AllergyCreate, AllergyUpdate } from "@/lib/allergies/schema";
import { createAllergy, updateAllergy } from "@/lib/allergies/service";
import { listAllergies } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertAllergy, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

describe("allergies", () => {
  it("creates and updates allergies, invalidating the patient's cached lists", async () => {
    const patient = await insertPatient();
    expect(await listAllergies(contextFor("clinician"), patient.id)).toEqual([]);
    expect(await cache().exists(cacheKeys.allergies(patient.id))).toBe(true);

    const creating = contextFor("clinician");
    const allergy = await createAllergy(
      creating,
      patient.id,
      AllergyCreate.parse({ patientId: patient.id, allergen: "Peanut", category: "food", criticality: "high", reactions: [{ manifestation: "Anaphylaxis", severity: "severe" }] }),
    );
    expect(allergy).toMatchObject({ allergen: "Peanut", clinicalStatus: "active", reactions: [{ manifestation: "Anaphylaxis", severity: "severe" }] });
    expect(await cache().exists(cacheKeys.allergies(patient.id))).toBe(false);
    expect((await listAllergies(contextFor("clinician"), patient.id)).map((entry) => entry.allergen)).toEqual(["Peanut"]);

    const updating = contextFor("clinician");
    const resolved = await updateAllergy(updating, allergy.id, AllergyUpdate.parse({ clinicalStatus: "resolved" }));
    expect(resolved.clinicalStatus).toBe("resolved");
    expect((await listAllergies(contextFor("clinician"), patient.id))[0]?.clinicalStatus).toBe("resolved");

    for (const [ctx, action] of [[creating, "allergy.created"], [updating, "allergy.updated"]] as const) {
      const rows = await auditRowsOf(ctx);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action, patientId: patient.id, patientMrn: patient.mrn, dataCategory: "allergies" });
    }
  });

  it("refuses an allergy whose patientId does not match the chart, and unknown allergies", async () => {
    const patient = await insertPatient();
    const other = await insertPatient();
    await expect(
      createAllergy(contextFor("clinician"), patient.id, AllergyCreate.parse({ patientId: other.id, allergen: "Latex", category: "environment" })),
    ).rejects.toMatchObject({ code: "INVALID", fieldErrors: { patientId: [expect.any(String)] } });
    await expect(updateAllergy(contextFor("clinician"), "not-an-id", {})).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("writes nothing to a patient's records without the permission", async () => {
    const patient = await insertPatient();
    const allergy = await insertAllergy(patient.id);
    const ctx = contextFor("integration");
    await expect(updateAllergy(ctx, allergy.id, { clinicalStatus: "resolved" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db().allergy.findUniqueOrThrow({ where: { id: allergy.id }, select: { clinicalStatus: true } })).clinicalStatus).toBe("active");
  });
});
