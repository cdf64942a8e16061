import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { openSecret } from "@/lib/secrets/keyring";
import { db } from "@/lib/db/client";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import {
  getPatientChart,
  getPatientDemographics,
  listAllergies,
  listMedications,
  listObservations,
} from "@/lib/patients/queries";
import { PatientCreate, PatientUpdate } from "@/lib/patients/schema";
import { createPatient, updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const newPatient = (overrides: Record<string, unknown> = {}) =>
  PatientCreate.parse({ mrn: uniqueMrn(), firstName: "Maria", lastName: "Garcia", birthDate: "1970-01-31", ...overrides });

describe("createPatient / updatePatient", () => {
  it("creates a patient with its SSN encrypted and only the last four readable, audited once", async () => {
    const ctx = contextFor("clinician");
    const created = await createPatient(ctx, newPatient({ ssn: "123-45-6789", gender: "female" }));
    expect(created).toMatchObject({ firstName: "Maria", gender: "female", ssnLast4: "6789", restricted: false });
    expect(created).not.toHaveProperty("ssn");
    expect(created).not.toHaveProperty("ssnEncrypted");

    const stored = await db().patient.findUniqueOrThrow({ where: { id: created.id }, select: { ssnEncrypted: true } });
    expect(stored.ssnEncrypted).not.toContain("123456789");
    expect(openSecret(stored.ssnEncrypted ?? "")).toBe("123456789");

    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.created", statusCode: 201, patientId: created.id, patientMrn: created.mrn, dataCategory: "demographics" });
    expect(JSON.stringify(rows[0]?.details)).not.toMatch(/6789|Maria|Garcia/);
  });

  it("answers CONFLICT with a field error when the MRN is taken, on create and on update", async () => {
    const existing = await insertPatient();
    const error = await createPatient(contextFor("clinician"), newPatient({ mrn: existing.mrn })).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { mrn: [expect.any(String)] } });

    const other = await insertPatient();
    const updateError = await updatePatient(contextFor("clinician"), other.id, PatientUpdate.parse({ mrn: existing.mrn })).catch((thrown: unknown) => thrown);
    expect(updateError).toMatchObject({ code: "CONFLICT", fieldErrors: { mrn: [expect.any(String)] } });
  });

  it("updates, clears the SSN, invalidates the cached chart and audits the field names", async () => {
    const created = await createPatient(contextFor("clinician"), newPatient({ ssn: "123456789" }));
    await getPatientChart(contextFor("clinician"), created.id);
    expect(await cache().exists(cacheKeys.patientAggregate(created.id))).toBe(true);

    const ctx = contextFor("clinician");
    const updated = await updatePatient(ctx, created.id, PatientUpdate.parse({ firstName: "Mariana", ssn: null }));
    expect(updated).toMatchObject({ firstName: "Mariana", ssnLast4: null });
    expect(await cache().exists(cacheKeys.patientAggregate(created.id))).toBe(false);
    expect((await getPatientChart(contextFor("clinician"), created.id)).patient.firstName).toBe("Mariana");

    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.updated", patientId: created.id, dataCategory: "demographics" });
    expect(rows[0]?.details).toMatchObject({ fields: ["firstName", "ssn"] });
  });

  it("removes every cached entry of the patient on a write", async () => {
    const patient = await insertPatient();
    const reader = () => contextFor("clinician");
    await getPatientChart(reader(), patient.id);
    await getPatientDemographics(reader(), patient.id);
    await listMedications(reader(), patient.id);
    await listAllergies(reader(), patient.id);
    await listObservations(reader(), patient.id, ObservationSearchCriteria.parse({}));
    await listObservations(reader(), patient.id, ObservationSearchCriteria.parse({ category: "laboratory" }));
    // Chart, demographics, medications, allergies; observation pages are read from PostgreSQL, never cached.
    expect(await cache().keys(cacheKeys.patientPattern(patient.id))).toHaveLength(4);

    await updatePatient(contextFor("clinician"), patient.id, { city: "Springfield" });
    expect(await cache().keys(cacheKeys.patientPattern(patient.id))).toEqual([]);
  });

  it("refuses roles without patients:write, audited", async () => {
    const patient = await insertPatient();
    for (const role of ["compliance", "admin"] as const) {
      const ctx = contextFor(role);
      await expect(createPatient(ctx, newPatient())).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(updatePatient(ctx, patient.id, { city: "Nowhere" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await auditRowsOf(ctx)).map((row) => row.action)).toEqual(["access.denied", "access.denied"]);
    }
  });

  it("answers NOT_FOUND when updating an unknown patient", async () => {
    await expect(updatePatient(contextFor("clinician"), "6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", { city: "X" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
