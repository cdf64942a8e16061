import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as patientRoute from "@/app/api/v1/patients/[patientId]/route";
import * as patientsRoute from "@/app/api/v1/patients/route";
import { db } from "@/lib/db/client";
import { getPatientChart, searchPatients } from "@/lib/patients/queries";
import { PatientCreate, PatientSearchCriteria, PatientUpdate } from "@/lib/patients/schema";
import { createPatient, updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";
import { createApiKey } from "@/lib/seed/accounts";
import { contextFor } from "@/lib/testing/auth-context";

// Patient identity across sources: identifiers (value, assigning authority, type), the MRN unique within its
// authority, and merged records leading to the patient they went into.

isolateCache();

const clinician = () => contextFor("clinician");
const search = (query: Record<string, string>) => searchPatients(clinician(), PatientSearchCriteria.parse(query));
const failure = (promise: Promise<unknown>) => promise.then(() => null, (thrown: unknown) => thrown);

async function addIdentifier(patientId: string, value: string, assigningAuthority: string, identifierType: string) {
  await db().patientIdentifier.create({ data: { patientId, value, assigningAuthority, identifierType } });
}

/** What ADT^A40 leaves behind (lib/hl7/ingest/apply/merge.ts): identifiers moved, the prior record marked. */
async function merge(priorId: string, survivorId: string) {
  await db().$transaction([
    db().patientIdentifier.updateMany({ where: { patientId: priorId }, data: { patientId: survivorId } }),
    db().patient.update({ where: { id: priorId }, data: { mergedIntoId: survivorId, mergedAt: new Date() } }),
  ]);
}

describe("identifiers", () => {
  it("find a patient by any identifier value, in any assigning authority unless one is named", async () => {
    const patient = await insertPatient({ mrnAuthority: "ST-MARY" });
    const internalId = `PI-${uniqueMrn()}`;
    await addIdentifier(patient.id, internalId, "EPIC", "PI");

    expect((await search({ mrn: patient.mrn })).data.map((found) => found.id)).toEqual([patient.id]);
    expect((await search({ mrn: internalId })).data.map((found) => found.id)).toEqual([patient.id]);
    expect((await search({ mrn: internalId, mrnAuthority: "EPIC" })).data.map((found) => found.id)).toEqual([patient.id]);
    expect((await search({ mrn: internalId, mrnAuthority: "ST-MARY" })).total).toBe(0);
  });

  it("list every identifier with the MRN first, and never an SSN, which is not a search key either", async () => {
    const patient = await insertPatient({ mrnAuthority: "ST-MARY", ssnLast4: "6789" });
    const ssn = `9${uniqueMrn().replace(/\D/g, "").padEnd(8, "7").slice(0, 8)}`;
    await addIdentifier(patient.id, ssn, "USSSA", "SS");
    await addIdentifier(patient.id, "A-1", "EPIC", "PI");

    const { patient: shown } = await getPatientChart(clinician(), patient.id);
    expect(shown.identifiers).toEqual([
      { value: patient.mrn, assigningAuthority: "ST-MARY", type: "MR" },
      { value: "A-1", assigningAuthority: "EPIC", type: "PI" },
    ]);
    expect(JSON.stringify(shown)).not.toContain(ssn);
    expect((await search({ mrn: ssn })).total).toBe(0);
    const [listed] = (await search({ mrn: patient.mrn })).data;
    expect(listed?.identifiers).toEqual(shown.identifiers);
  });
});

describe("MRN per assigning authority", () => {
  const register = (mrn: string, mrnAuthority?: string) =>
    createPatient(clinician(), PatientCreate.parse({ mrn, mrnAuthority, firstName: "Ines", lastName: "Duarte", birthDate: "1975-06-01" }));

  it("keeps the same MRN from two authorities as two patients, and refuses it twice in one (409 naming the authority)", async () => {
    const mrn = uniqueMrn("D");
    const fromStMary = await register(mrn, "ST-MARY");
    const fromGeneral = await register(mrn, "GENERAL");
    expect(fromStMary.id).not.toBe(fromGeneral.id);
    expect(fromStMary).toMatchObject({ mrn, mrnAuthority: "ST-MARY", identifiers: [{ value: mrn, assigningAuthority: "ST-MARY", type: "MR" }] });

    const found = await search({ mrn });
    expect(found.data.map((patient) => patient.mrnAuthority).sort()).toEqual(["GENERAL", "ST-MARY"]);
    expect((await search({ mrn, mrnAuthority: "GENERAL" })).data.map((patient) => patient.id)).toEqual([fromGeneral.id]);

    const twice = await failure(register(mrn, "ST-MARY"));
    expect(twice).toMatchObject({
      code: "CONFLICT",
      message: "Another patient has this MRN under assigning authority ST-MARY.",
      fieldErrors: { mrn: [expect.any(String)] },
    });
    const withoutAuthority = await register(mrn);
    expect(withoutAuthority.mrnAuthority).toBe("");
  });

  it("refuses an update that moves a patient onto another's MRN by changing only the authority", async () => {
    const mrn = uniqueMrn("U");
    await register(mrn, "NORTH");
    const south = await register(mrn, "SOUTH");
    const error = await failure(updatePatient(clinician(), south.id, PatientUpdate.parse({ mrnAuthority: "NORTH" })));
    expect(error).toMatchObject({ code: "CONFLICT", message: "Another patient has this MRN under assigning authority NORTH.", fieldErrors: { mrn: [expect.any(String)] } });
    const moved = await updatePatient(clinician(), south.id, PatientUpdate.parse({ mrnAuthority: "WEST" }));
    expect(moved.identifiers).toEqual([{ value: mrn, assigningAuthority: "WEST", type: "MR" }]);
  });
});

describe("merged records", () => {
  let prior: { id: string; mrn: string; lastName: string };
  let survivor: { id: string; mrn: string };

  beforeAll(async () => {
    const lastName = `Merg${uniqueMrn("").slice(0, 6).replace(/\d/g, "x").toLowerCase()}`;
    prior = await insertPatient({ firstName: "Rosa", lastName, mrnAuthority: "ST-MARY" });
    survivor = await insertPatient({ firstName: "Rosa", lastName, mrnAuthority: "GENERAL" });
    await merge(prior.id, survivor.id);
  });

  it("lead a search for the old MRN to the surviving patient", async () => {
    const found = await search({ mrn: prior.mrn });
    expect(found.data.map((patient) => patient.id)).toEqual([survivor.id]);
    expect(found.data[0]?.identifiers).toContainEqual({ value: prior.mrn, assigningAuthority: "ST-MARY", type: "MR" });
  });

  it("are not listed as live patients, unless asked for, then flagged with the patient they went into", async () => {
    expect((await search({ name: `Rosa ${prior.lastName}` })).data.map((patient) => patient.id)).toEqual([survivor.id]);
    expect((await search({ lastName: prior.lastName })).data.map((patient) => patient.id)).toEqual([survivor.id]);
    const withMerged = await search({ lastName: prior.lastName, includeMerged: "true", sort: "mrn" });
    expect(withMerged.data.find((patient) => patient.id === prior.id)).toMatchObject({ mergedInto: survivor.id, mergedAt: expect.any(Date) });
    expect(withMerged.data.find((patient) => patient.id === survivor.id)).toMatchObject({ mergedInto: null, mergedAt: null });
  });

  it("say on their chart which patient they went into, and refuse edits (the survivor is the record to change)", async () => {
    const { patient } = await getPatientChart(clinician(), prior.id);
    expect(patient).toMatchObject({ id: prior.id, mergedInto: survivor.id, identifiers: [] });
    const edit = await failure(updatePatient(clinician(), prior.id, PatientUpdate.parse({ firstName: "Rose" })));
    expect(edit).toMatchObject({ code: "CONFLICT", message: expect.stringContaining(survivor.id) });
  });

  it("keep their old MRN taken in its authority: the survivor holds it", async () => {
    const error = await failure(
      createPatient(clinician(), PatientCreate.parse({ mrn: prior.mrn, mrnAuthority: "ST-MARY", firstName: "New", lastName: "Person", birthDate: "2000-01-01" })),
    );
    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { mrn: [expect.any(String)] } });
  });
});

describe("the patients API", () => {
  let key = "";
  const BASE = "http://localhost:3000";
  const call = (handler: typeof patientsRoute.POST, path: string, init: { method?: string; body?: unknown }) =>
    handler(
      new NextRequest(new URL(path, BASE), {
        method: init.method ?? "GET",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
      { params: Promise.resolve({}) },
    );

  beforeAll(async () => {
    key = (await createApiKey({ name: "identity test clinician", role: "clinician" })).key;
  });

  it("returns the authority, identifiers, aliases and merge fields, and answers 409 per authority", async () => {
    const mrn = uniqueMrn("A");
    const body = { mrn, mrnAuthority: "ST-MARY", firstName: "Ana", lastName: "Lima", birthDate: "1990-03-04" };
    const created = await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", body });
    expect(created.status).toBe(201);
    const patient = (await created.json()) as { id: string };
    expect(patient).toMatchObject({
      mrn,
      mrnAuthority: "ST-MARY",
      identifiers: [{ value: mrn, assigningAuthority: "ST-MARY", type: "MR" }],
      aliases: [],
      mergedInto: null,
      mergedAt: null,
    });
    await db().patient.update({ where: { id: patient.id }, data: { aliases: [{ family: "Lyma", given: "Ana", middle: null, type: "A" }] } });
    const read = await patientRoute.GET(
      new NextRequest(new URL(`/api/v1/patients/${patient.id}`, BASE), { headers: { authorization: `Bearer ${key}` } }),
      { params: Promise.resolve({ patientId: patient.id }) },
    );
    expect(((await read.json()) as { patient: unknown }).patient).toMatchObject({ aliases: [{ family: "Lyma", given: "Ana", middle: null, type: "A" }] });

    const again = await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", body });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ detail: "Another patient has this MRN under assigning authority ST-MARY." });
    const elsewhere = await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", body: { ...body, mrnAuthority: "GENERAL" } });
    expect(elsewhere.status).toBe(201);
  });

  it("keeps identifiers, aliases and merges read-only: sending them is an unknown field (422)", async () => {
    const base = { mrn: uniqueMrn("R"), firstName: "Ana", lastName: "Lima", birthDate: "1990-03-04" };
    for (const extra of [{ identifiers: [] }, { aliases: [] }, { mergedInto: null }]) {
      const response = await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", body: { ...base, ...extra } });
      expect(response.status).toBe(422);
    }
  });
});
