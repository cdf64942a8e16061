import { randomUUID } from "node:crypto";
import { auditRowsOf, closeDatabase, insertApiKey } from "@/e2e/access/database";
import { expect, test } from "@/e2e/fixtures";

// The JSON API over HTTP with bearer API keys, against the production build and the seeded demo database.

let clinicianKey = "";
let complianceKey = "";

test.beforeAll(async () => {
  clinicianKey = await insertApiKey("clinician", `e2e api clinician ${randomUUID()}`);
  complianceKey = await insertApiKey("compliance", `e2e api compliance ${randomUUID()}`);
});

test.afterAll(async () => {
  await closeDatabase();
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

interface PatientPage {
  data: { id: string; mrn: string; restricted: boolean }[];
  page: number;
  pageSize: number;
  total: number;
}

async function anyOpenPatientId(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const response = await request.get("/api/v1/patients?pageSize=50&sort=mrn", { headers: bearer(clinicianKey) });
  const page = (await response.json()) as PatientPage;
  const open = page.data.find((patient) => !patient.restricted);
  if (!open) throw new Error("The demo seed has no unrestricted patient");
  return open.id;
}

test("searches patients and reads a chart and its records with an API key", async ({ request }) => {
  const search = await request.get("/api/v1/patients?pageSize=5&sort=name", { headers: bearer(clinicianKey) });
  expect(search.status()).toBe(200);
  expect(search.headers()["content-type"]).toContain("application/json");
  const page = (await search.json()) as PatientPage;
  expect(page).toMatchObject({ page: 1, pageSize: 5 });
  expect(page.data).toHaveLength(5);
  expect(page.total).toBeGreaterThanOrEqual(5);

  const patientId = await anyOpenPatientId(request);
  const chart = await request.get(`/api/v1/patients/${patientId}`, { headers: bearer(clinicianKey) });
  expect(chart.status()).toBe(200);
  const body = (await chart.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["allergies", "medications", "observations", "patient"]);
  expect(body.patient).toMatchObject({ id: patientId });
  expect(JSON.stringify(body)).not.toMatch(/ssnEncrypted|"ssn"/);

  for (const list of ["observations?category=vital_signs", "medications", "allergies"]) {
    const response = await request.get(`/api/v1/patients/${patientId}/${list}`, { headers: bearer(clinicianKey) });
    expect(response.status(), list).toBe(200);
    expect(Array.isArray(((await response.json()) as { data: unknown }).data), list).toBe(true);
  }
});

test("answers 401 without a key, 403 for a compliance key on a clinical endpoint, 404 for an unknown id", async ({ request }) => {
  const anonymous = await request.get("/api/v1/patients");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["content-type"]).toContain("application/problem+json");
  expect(anonymous.headers()["www-authenticate"]).toContain("Bearer");

  const patientId = await anyOpenPatientId(request);
  const forbidden = await request.get(`/api/v1/patients/${patientId}`, { headers: bearer(complianceKey) });
  expect(forbidden.status()).toBe(403);
  expect(await forbidden.json()).toMatchObject({ code: "FORBIDDEN", status: 403 });
  const denial = await auditRowsOf(forbidden.headers()["x-request-id"] ?? "");
  expect(denial.map((row) => [row.action, row.status_code])).toEqual([["access.denied", 403]]);

  for (const id of [randomUUID(), "not-a-uuid"]) {
    const missing = await request.get(`/api/v1/patients/${id}`, { headers: bearer(clinicianKey) });
    expect(missing.status(), id).toBe(404);
    expect(missing.headers()["content-type"]).toContain("application/problem+json");
  }
});

test("answers 422 problem+json with field errors for bad input, never a 500", async ({ request }) => {
  const badQuery = await request.get("/api/v1/patients?pageSize=0&birthDate=31-12-1999", { headers: bearer(clinicianKey) });
  expect(badQuery.status()).toBe(422);
  expect(badQuery.headers()["content-type"]).toContain("application/problem+json");
  expect(await badQuery.json()).toMatchObject({ code: "INVALID", errors: { pageSize: [expect.any(String)], birthDate: [expect.any(String)] } });

  const badBody = await request.post("/api/v1/patients", {
    headers: bearer(clinicianKey),
    data: { mrn: "not valid!", firstName: "", lastName: "Doe", birthDate: "2999-01-01", ssn: "000-12-3456" },
  });
  expect(badBody.status()).toBe(422);
  const problem = (await badBody.json()) as { errors: Record<string, string[]> };
  expect(Object.keys(problem.errors).sort()).toEqual(["birthDate", "firstName", "mrn", "ssn"]);

  const malformed = await request.post("/api/v1/patients", {
    headers: { ...bearer(clinicianKey), "content-type": "application/json" },
    data: "{not json",
  });
  expect(malformed.status()).toBe(422);
  expect(malformed.headers()["content-type"]).toContain("application/problem+json");
});

test("registers a patient (201 + Location), reads it back, and audits each call once", async ({ request }) => {
  const mrn = `E2E${randomUUID().slice(0, 8).toUpperCase()}`;
  const created = await request.post("/api/v1/patients", {
    headers: bearer(clinicianKey),
    data: { mrn, firstName: "Api", lastName: "Created", birthDate: "1988-08-08", ssn: "123-45-6789", gender: "other" },
  });
  expect(created.status()).toBe(201);
  const patient = (await created.json()) as { id: string; ssnLast4: string };
  expect(patient.ssnLast4).toBe("6789");
  const location = created.headers()["location"];
  expect(location).toBe(`/api/v1/patients/${patient.id}`);
  const createdAudit = await auditRowsOf(created.headers()["x-request-id"] ?? "");
  expect(createdAudit.map((row) => [row.action, row.patient_id])).toEqual([["patient.created", patient.id]]);

  const read = await request.get(location ?? "", { headers: bearer(clinicianKey) });
  expect(read.status()).toBe(200);
  expect(await read.json()).toMatchObject({ patient: { id: patient.id, mrn, firstName: "Api", gender: "other" }, observations: [] });
  const readAudit = await auditRowsOf(read.headers()["x-request-id"] ?? "");
  expect(readAudit.map((row) => [row.action, row.patient_id])).toEqual([["patient.viewed", patient.id]]);

  const patched = await request.patch(location ?? "", { headers: bearer(clinicianKey), data: { city: "Springfield" } });
  expect(patched.status()).toBe(200);
  expect(await patched.json()).toMatchObject({ city: "Springfield" });

  const duplicate = await request.post("/api/v1/patients", {
    headers: bearer(clinicianKey),
    data: { mrn, firstName: "Again", lastName: "Created", birthDate: "1988-08-08" },
  });
  expect(duplicate.status()).toBe(409);
  expect(await duplicate.json()).toMatchObject({ code: "CONFLICT", errors: { mrn: [expect.any(String)] } });
});

test("publishes the OpenAPI document without credentials, and a signed-in user reads the reference page", async ({ request, page, loginAs }) => {
  const document = await request.get("/api/v1/openapi.json");
  expect(document.status()).toBe(200);
  expect(await document.json()).toMatchObject({ openapi: "3.1.0", paths: { "/api/v1/patients": { get: { operationId: "searchPatients" } } } });

  await loginAs("compliance");
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: /Search patients/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Parameters of searchPatients" })).toBeVisible();
});
