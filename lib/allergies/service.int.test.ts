import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { AllergyCreate, AllergyUpdate } from "@/lib/allergies/schema";
import { recordAllergy, updateAllergy } from "@/lib/allergies/service";
import { listAllergies } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertAllergy, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const peanut = (changes: Record<string, unknown> = {}) =>
  AllergyCreate.parse({ allergen: "Peanut", category: "food", criticality: "high", reactions: [{ manifestation: "Anaphylaxis", severity: "severe" }], ...changes });

describe("allergies", () => {
  it("records and updates allergies, invalidating the patient's cached lists", async () => {
    const patient = await insertPatient();
    expect(await listAllergies(contextFor("clinician"), patient.id)).toEqual([]);
    expect(await cache().exists(cacheKeys.allergies(patient.id))).toBe(true);

    const creating = contextFor("clinician");
    const { record: allergy, created } = await recordAllergy(creating, patient.id, peanut({ onsetDate: "2010-05-06" }));
    expect(created).toBe(true);
    expect(allergy).toMatchObject({ allergen: "Peanut", clinicalStatus: "active", onsetDate: "2010-05-06", reactions: [{ manifestation: "Anaphylaxis", severity: "severe" }] });
    expect(await cache().exists(cacheKeys.allergies(patient.id))).toBe(false);
    expect((await listAllergies(contextFor("clinician"), patient.id)).map((entry) => entry.allergen)).toEqual(["Peanut"]);

    const updating = contextFor("clinician");
    const resolved = await updateAllergy(updating, patient.id, allergy.id, AllergyUpdate.parse({ clinicalStatus: "resolved" }));
    expect(resolved.clinicalStatus).toBe("resolved");
    expect((await listAllergies(contextFor("clinician"), patient.id))[0]?.clinicalStatus).toBe("resolved");

    for (const [ctx, action] of [[creating, "allergy.created"], [updating, "allergy.updated"]] as const) {
      const rows = await auditRowsOf(ctx);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action, patientId: patient.id, patientMrn: patient.mrn, dataCategory: "allergies" });
    }
  });

  it("a resend with the same source id replaces the allergy instead of adding one", async () => {
    const patient = await insertPatient();
    const source = { sourceEmr: "cerner", sourceAllergyId: `AL-${patient.id}` };
    const first = await recordAllergy(contextFor("integration"), patient.id, peanut(source));
    const again = await recordAllergy(contextFor("integration"), patient.id, peanut({ ...source, verificationStatus: "confirmed", reactions: [] }));
    expect(again).toMatchObject({ created: false, record: { id: first.record.id, verificationStatus: "confirmed", reactions: [] } });
    expect(await db().allergy.count({ where: { patientId: patient.id } })).toBe(1);
  });

  it("finds an allergy only on its own chart: another chart's or an unknown id is NOT_FOUND, audited", async () => {
    const patient = await insertPatient();
    const other = await insertPatient();
    const allergy = await insertAllergy(other.id);
    for (const allergyId of [allergy.id, "6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", "not-an-id"]) {
      const ctx = contextFor("clinician");
      await expect(updateAllergy(ctx, patient.id, allergyId, { clinicalStatus: "resolved" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await auditRowsOf(ctx)).map((row) => [row.action, row.status, row.statusCode, row.patientId])).toEqual([["allergy.updated", "failure", 404, patient.id]]);
    }
    expect((await db().allergy.findUniqueOrThrow({ where: { id: allergy.id }, select: { clinicalStatus: true } })).clinicalStatus).toBe("active");
  });

  it("writes nothing to a patient's records without the permission", async () => {
    const patient = await insertPatient();
    const allergy = await insertAllergy(patient.id);
    const ctx = contextFor("compliance");
    await expect(updateAllergy(ctx, patient.id, allergy.id, { clinicalStatus: "resolved" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(recordAllergy(ctx, patient.id, peanut())).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await auditRowsOf(ctx)).map((row) => row.action)).toEqual(["access.denied", "access.denied"]);
    expect((await db().allergy.findUniqueOrThrow({ where: { id: allergy.id }, select: { clinicalStatus: true } })).clinicalStatus).toBe("active");
    expect(await db().allergy.count({ where: { patientId: patient.id } })).toBe(1);
  });
});
