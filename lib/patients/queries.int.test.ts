import { beforeAll, describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { sealSecret } from "@/lib/secrets/keyring";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  getPatientChart,
  getPatientDemographics,
  listAllergies,
  listMedications,
  listObservations,
  listPatientMessages,
  revealSsn,
  searchPatients,
} from "@/lib/patients/queries";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import {
  auditRowsOf,
  insertAllergy,
  insertMedication,
  insertObservation,
  insertPatient,
  uniqueMrn,
} from "@/lib/patients/testing/factories";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const search = (query: Record<string, string>) => PatientSearchCriteria.parse(query);
const observationQuery = (query: Record<string, string>) => ObservationSearchCriteria.parse(query);

async function expectAppError(promise: Promise<unknown>, code: AppError["code"]): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

// One surname per file run, so searches only see this file's patients even if rows were left behind.
const family = `Smith${Math.random().toString(36).slice(2, 6)}`;

describe("searchPatients", () => {
  const mrnStem = uniqueMrn("S");
  let john: { id: string; mrn: string };

  beforeAll(async () => {
    john = await insertPatient({ firstName: "John", lastName: family, mrn: `${mrnStem}01`, gender: "male", sourceEmr: "epic-main" });
    await insertPatient({ firstName: "Jane", lastName: family, mrn: `${mrnStem}02`, birthDate: new Date("1975-02-03T00:00:00Z") });
    await insertPatient({ firstName: "Johanna", lastName: family, mrn: `${mrnStem}03`, restricted: true, phone: "+15555550100", city: "Boston" });
    await insertPatient({ firstName: "Zed", lastName: "Other", mrn: `${mrnStem}X4` });
  });

  it("finds a misspelt first and last name, best match first", async () => {
    const misspelt = `Jonh ${family.slice(0, 3)}iht${family.slice(5)}`;
    const result = await searchPatients(contextFor("clinician"), search({ name: misspelt }));
    expect(result.data[0]?.id).toBe(john.id);
  });

  it("matches MRNs exactly, or by prefix when asked", async () => {
    const exact = await searchPatients(contextFor("clinician"), search({ mrn: `${mrnStem}01` }));
    expect(exact.data.map((patient) => patient.mrn)).toEqual([`${mrnStem}01`]);

    const none = await searchPatients(contextFor("clinician"), search({ mrn: mrnStem }));
    expect(none.total).toBe(0);

    const prefixed = await searchPatients(contextFor("clinician"), search({ mrn: mrnStem, mrnPrefix: "true", sort: "mrn" }));
    expect(prefixed.data.map((patient) => patient.mrn)).toEqual([`${mrnStem}01`, `${mrnStem}02`, `${mrnStem}03`, `${mrnStem}X4`]);
    expect(prefixed.total).toBe(4);
    expect(prefixed.totalIsEstimate).toBe(false);
  });

  it("sorts both ways and pages", async () => {
    const base = { mrn: mrnStem, mrnPrefix: "true" };
    const descending = await searchPatients(contextFor("clinician"), search({ ...base, sort: "-mrn" }));
    expect(descending.data.map((patient) => patient.mrn)).toEqual([`${mrnStem}X4`, `${mrnStem}03`, `${mrnStem}02`, `${mrnStem}01`]);

    const byName = await searchPatients(contextFor("clinician"), search({ ...base, sort: "name" }));
    expect(byName.data.map((patient) => patient.firstName)).toEqual(["Zed", "Jane", "Johanna", "John"]);

    const secondPage = await searchPatients(contextFor("clinician"), search({ ...base, sort: "mrn", page: "2", pageSize: "3" }));
    expect(secondPage).toMatchObject({ page: 2, pageSize: 3, total: 4 });
    expect(secondPage.data.map((patient) => patient.mrn)).toEqual([`${mrnStem}X4`]);
  });

  it("filters by birth date, gender and source EMR", async () => {
    const ctx = contextFor("clinician");
    const byBirth = await searchPatients(ctx, search({ lastName: family, birthDate: "1975-02-03" }));
    expect(byBirth.data.map((patient) => patient.firstName)).toEqual(["Jane"]);
    const byGender = await searchPatients(ctx, search({ lastName: family, gender: "male" }));
    expect(byGender.data.map((patient) => patient.firstName)).toEqual(["John"]);
    const bySource = await searchPatients(ctx, search({ mrn: mrnStem, mrnPrefix: "true", sourceEmr: "epic-main" }));
    expect(bySource.data.map((patient) => patient.id)).toEqual([john.id]);
  });

  it("lists each patient exactly as the chart's demographics read gives it, dates included", async () => {
    const ctx = contextFor("clinician");
    const [listed] = (await searchPatients(ctx, search({ lastName: family, birthDate: "1975-02-03" }))).data;
    expect(listed?.birthDate).toBe("1975-02-03");
    expect(listed).toEqual(await getPatientDemographics(ctx, listed?.id ?? ""));
  });

  it("lists restricted patients flagged, without their contact details", async () => {
    const result = await searchPatients(contextFor("clinician"), search({ mrn: `${mrnStem}03` }));
    expect(result.data[0]).toMatchObject({ restricted: true, firstName: "Johanna", phone: null, city: null });
  });

  it("writes one audit row per search, with a summary of the criteria and no PHI", async () => {
    const ctx = contextFor("clinician");
    const result = await searchPatients(ctx, search({ name: "John", birthDate: "1975-02-03" }));
    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.searched", status: "success", userId: ctx.actor.id, dataCategory: "demographics" });
    expect(rows[0]?.details).toMatchObject({ criteria: { name: "present", birthDate: "present" }, results: result.data.length });
    expect(JSON.stringify(rows[0]?.details)).not.toMatch(/John|1975/);
  });

  it.each(["admin", "compliance"] as const)("refuses %s (no patients:read, which every search entry point requires), and audits the refusal", async (role) => {
    const ctx = contextFor(role);
    await expectAppError(searchPatients(ctx, search({ name: "John" })), "FORBIDDEN");
    const rows = await auditRowsOf(ctx);
    expect(rows.map((row) => [row.action, row.status, row.statusCode])).toEqual([["access.denied", "denied", 403]]);
  });
});

describe("getPatientChart", () => {
  it("returns the chart with one audit row, and serves the second read from the cache under the spec's key", async () => {
    const patient = await insertPatient();
    await insertObservation(patient.id);
    await insertMedication(patient.id);
    await insertAllergy(patient.id);

    const first = contextFor("clinician");
    const chart = await getPatientChart(first, patient.id);
    expect(chart.patient).toMatchObject({ id: patient.id, mrn: patient.mrn });
    expect([chart.observations.length, chart.medications.length, chart.allergies.length]).toEqual([1, 1, 1]);
    expect(chart.allergies[0]?.reactions).toEqual([{ manifestation: "Hives" }]);

    const key = cacheKeys.patientAggregate(patient.id);
    expect(env().REDIS_KEY_PREFIX).toMatch(/^test:clinical:/);
    expect(await cache().exists(key)).toBe(true);
    const ttl = await cache().ttl(key);
    expect(ttl).toBeGreaterThan(env().CACHE_DEFAULT_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(env().CACHE_DEFAULT_TTL_SECONDS);

    // Changed behind the service's back: a cache hit still shows the old name.
    await db().patient.update({ where: { id: patient.id }, data: { firstName: "Changed" } });
    const second = contextFor("clinician");
    const cached = await getPatientChart(second, patient.id);
    expect(cached.patient.firstName).toBe("Alex");
    expect(cached.patient.birthDate).toBe("1980-04-12");

    for (const ctx of [first, second]) {
      const rows = await auditRowsOf(ctx);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: "patient.viewed",
        userId: ctx.actor.id,
        patientId: patient.id,
        patientMrn: patient.mrn,
        dataCategory: "full_chart",
      });
    }
  });

  it("answers NOT_FOUND for an unknown or malformed id, each lookup audited as a failed read", async () => {
    for (const id of ["6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", "not-a-uuid"]) {
      const ctx = contextFor("clinician");
      await expectAppError(getPatientChart(ctx, id), "NOT_FOUND");
      expect(await auditRowsOf(ctx)).toEqual([
        expect.objectContaining({ action: "patient.viewed", status: "failure", statusCode: 404, patientId: null, dataCategory: "full_chart" }),
      ]);
    }
  });

  it("refuses compliance (demographics only) and audits it", async () => {
    const patient = await insertPatient();
    const ctx = contextFor("compliance");
    await expectAppError(getPatientChart(ctx, patient.id), "FORBIDDEN");
    expect((await auditRowsOf(ctx)).map((row) => row.action)).toEqual(["access.denied"]);
  });
});

describe("getPatientDemographics", () => {
  it("lets compliance read demographics, audited as demographics and cached under patient:{id}", async () => {
    const patient = await insertPatient();
    const ctx = contextFor("compliance");
    const demographics = await getPatientDemographics(ctx, patient.id);
    expect(demographics).toMatchObject({ id: patient.id, mrn: patient.mrn, ssnLast4: null });
    expect(demographics).not.toHaveProperty("ssnEncrypted");
    expect(await cache().exists(cacheKeys.patient(patient.id))).toBe(true);
    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.viewed", patientId: patient.id, dataCategory: "demographics" });
  });
});

describe("record lists", () => {
  it("filters observations by code, category and date range, audited as results", async () => {
    const patient = await insertPatient();
    await insertObservation(patient.id, { code: "8867-4", effectiveDatetime: new Date("2024-05-01T08:00:00Z") });
    await insertObservation(patient.id, { code: "8867-4", effectiveDatetime: new Date("2024-06-01T08:00:00Z") });
    await insertObservation(patient.id, { observationType: "laboratory", code: "2345-7", valueQuantity: 5.4, effectiveDatetime: new Date("2024-06-02T08:00:00Z") });

    const ctx = contextFor("clinician");
    const all = await listObservations(ctx, patient.id, observationQuery({}));
    expect(all.total).toBe(3);
    expect(all.data.map((observation) => observation.code)).toEqual(["2345-7", "8867-4", "8867-4"]);

    const labs = await listObservations(contextFor("clinician"), patient.id, observationQuery({ category: "laboratory" }));
    expect(labs.data.map((observation) => observation.code)).toEqual(["2345-7"]);
    // Pages come from PostgreSQL: no per-patient observation list is cached.
    expect(await cache().keys(`${cacheKeys.observations(patient.id)}*`)).toEqual([]);

    const june = await listObservations(contextFor("clinician"), patient.id, observationQuery({ code: "8867-4", from: "2024-06-01", to: "2024-06-30" }));
    expect(june.data).toHaveLength(1);
    expect(june.data[0]?.effectiveDatetime).toEqual(new Date("2024-06-01T08:00:00Z"));

    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.records_listed", patientId: patient.id, dataCategory: "results" });
  });

  it("lists medications (optionally by status), allergies and messages, one audit row each", async () => {
    const patient = await insertPatient();
    await insertMedication(patient.id, { status: "active" });
    await insertMedication(patient.id, { status: "stopped", medicationName: "Metformin 500 MG" });
    await insertAllergy(patient.id);
    await db().hL7Message.create({
      data: {
        messageType: "ADT", triggerEvent: "A08", messageControlId: uniqueMrn("C"), direction: "inbound",
        messageDatetime: new Date("2024-05-01T08:00:00Z"), rawMessage: "MSH|^~\\&|EPIC", ackCode: "AA", patientId: patient.id,
      },
      select: { id: true },
    });

    const medicationsCtx = contextFor("clinician");
    expect(await listMedications(medicationsCtx, patient.id)).toHaveLength(2);
    const stopped = await listMedications(contextFor("clinician"), patient.id, { status: "stopped" });
    expect(stopped.map((medication) => medication.medicationName)).toEqual(["Metformin 500 MG"]);

    const allergiesCtx = contextFor("clinician");
    expect((await listAllergies(allergiesCtx, patient.id)).map((allergy) => allergy.allergen)).toEqual(["Penicillin"]);

    const messagesCtx = contextFor("clinician");
    const messages = await listPatientMessages(messagesCtx, patient.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ messageType: "ADT", ackCode: "AA" });
    expect(messages[0]).not.toHaveProperty("rawMessage");

    for (const [ctx, category] of [[medicationsCtx, "medications"], [allergiesCtx, "allergies"], [messagesCtx, "messages"]] as const) {
      const rows = await auditRowsOf(ctx);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: "patient.records_listed", patientId: patient.id, patientMrn: patient.mrn, dataCategory: category });
    }
  });
});

describe("revealSsn", () => {
  it("returns the decrypted SSN for a reason, audited with the reason", async () => {
    const patient = await insertPatient({ ssnEncrypted: sealSecret("123456789").ciphertext, ssnLast4: "6789" });
    const ctx = contextFor("clinician");
    expect(await revealSsn(ctx, patient.id, "Insurance verification call")).toBe("123-45-6789");
    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "patient.ssn_revealed", patientId: patient.id, dataCategory: "demographics" });
    expect(rows[0]?.details).toMatchObject({ reason: "Insurance verification call" });
    expect(JSON.stringify(rows[0]?.details)).not.toContain("6789");
  });

  it("requires a reason of 10 characters and the reveal permission", async () => {
    const patient = await insertPatient();
    const error = await expectAppError(revealSsn(contextFor("clinician"), patient.id, "because"), "INVALID");
    expect(error.fieldErrors?.reason?.length).toBeGreaterThan(0);

    const integration = contextFor("integration");
    await expectAppError(revealSsn(integration, patient.id, "Insurance verification call"), "FORBIDDEN");
    expect((await auditRowsOf(integration)).map((row) => row.action)).toEqual(["access.denied"]);
  });
});
