import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { z } from "zod";
import { auditRowsOf, closeDatabase, database, insertApiKey } from "@/e2e/access/database";
import { discoverRoutes } from "@/e2e/access/discovery";
import { expect, test } from "@/e2e/fixtures";
import type { OpenApiDocument } from "@/lib/api/openapi";

// The JSON API over HTTP with bearer API keys, against the production build and the seeded demo database.

let clinicianKey = "";
let complianceKey = "";
let integrationKey = "";

test.beforeAll(async () => {
  clinicianKey = await insertApiKey("clinician", `e2e api clinician ${randomUUID()}`);
  complianceKey = await insertApiKey("compliance", `e2e api compliance ${randomUUID()}`);
  integrationKey = await insertApiKey("integration", `e2e api integration ${randomUUID()}`);
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
  expect(Object.keys(body).sort()).toEqual(["allergies", "medications", "observationCounts", "observations", "patient"]);
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

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

test("a source system records results, medications and allergies: 201, a resend 200 with no duplicate, each audited", async ({ request }) => {
  const patientId = await anyOpenPatientId(request);
  const headers = bearer(integrationKey);
  const source = `E2E-${randomUUID()}`;
  const observation = { observationType: "laboratory", code: "2345-7", codeDisplay: "Glucose", valueQuantity: 5.4, unit: "mmol/L", effectiveDatetime: "2024-06-01T07:30:00Z", sourceEmr: "e2e-lab", sourceObservationId: source };

  const created = await request.post(`/api/v1/patients/${patientId}/observations`, { headers, data: observation });
  expect(created.status()).toBe(201);
  const first = (await created.json()) as { id: string; patientId: string };
  expect(first.patientId).toBe(patientId);
  expect((await auditRowsOf(created.headers()["x-request-id"] ?? "")).map((row) => [row.action, row.status_code, row.patient_id])).toEqual([["observation.created", 201, patientId]]);

  const resent = await request.post(`/api/v1/patients/${patientId}/observations`, { headers, data: { ...observation, valueQuantity: 5.9, status: "corrected" } });
  expect(resent.status()).toBe(200);
  expect(await resent.json()).toMatchObject({ id: first.id, valueQuantity: 5.9, status: "corrected" });
  expect((await auditRowsOf(resent.headers()["x-request-id"] ?? "")).map((row) => row.action)).toEqual(["observation.updated"]);
  const { rows } = await database().query<{ count: string }>("SELECT count(*) FROM observations WHERE source_emr = 'e2e-lab' AND source_observation_id = $1", [source]);
  expect(rows[0]?.count).toBe("1");

  const listed = await request.get(`/api/v1/patients/${patientId}/observations?code=2345-7&pageSize=100`, { headers: bearer(clinicianKey) });
  expect(((await listed.json()) as { data: { id: string; valueQuantity: number }[] }).data).toContainEqual(expect.objectContaining({ id: first.id, valueQuantity: 5.9 }));

  const medication = await request.post(`/api/v1/patients/${patientId}/medications`, {
    headers,
    data: { medicationName: "Atorvastatin 20 MG Oral Tablet", startDate: "2024-03-01", sourceEmr: "e2e-rx", sourceMedicationId: source },
  });
  expect(medication.status()).toBe(201);
  const { id: medicationId, startDate } = (await medication.json()) as { id: string; startDate: string };
  expect(startDate).toBe("2024-03-01");
  const stopped = await request.patch(`/api/v1/patients/${patientId}/medications/${medicationId}`, { headers, data: { status: "stopped", reason: "Myalgia" } });
  expect(stopped.status()).toBe(200);
  expect(await stopped.json()).toMatchObject({ id: medicationId, status: "stopped" });

  const allergy = await request.post(`/api/v1/patients/${patientId}/allergies`, { headers, data: { allergen: "Iodinated contrast", category: "medication", onsetDate: "2015-07-04" } });
  expect(allergy.status()).toBe(201);
  const { id: allergyId, onsetDate } = (await allergy.json()) as { id: string; onsetDate: string };
  expect(onsetDate).toBe("2015-07-04");
  const confirmed = await request.patch(`/api/v1/patients/${patientId}/allergies/${allergyId}`, { headers, data: { verificationStatus: "confirmed" } });
  expect(confirmed.status()).toBe(200);
  expect(await confirmed.json()).toMatchObject({ id: allergyId, verificationStatus: "confirmed" });

  const unknownPatient = randomUUID();
  const missing = await request.post(`/api/v1/patients/${unknownPatient}/allergies`, { headers, data: { allergen: "Latex", category: "environment" } });
  expect(missing.status()).toBe(404);
  expect((await auditRowsOf(missing.headers()["x-request-id"] ?? "")).map((row) => [row.action, row.status, row.status_code])).toEqual([["allergy.created", "failure", 404]]);
});

test("refuses what it cannot take: unknown fields (422, named), other media types (415), oversized bodies (413)", async ({ request }) => {
  const patientId = await anyOpenPatientId(request);
  const chart = `/api/v1/patients/${patientId}`;
  const before = ((await (await request.get(chart, { headers: bearer(clinicianKey) })).json()) as { patient: Record<string, unknown> }).patient;

  const misspelt = await request.patch(chart, { headers: bearer(clinicianKey), data: { middlename: "Zed" } });
  expect(misspelt.status()).toBe(422);
  expect(await misspelt.json()).toMatchObject({ code: "INVALID", errors: { middlename: ["Unknown field"] } });
  const escalation = await request.post("/api/v1/patients", {
    headers: bearer(clinicianKey),
    data: { mrn: `E2E${randomUUID().slice(0, 8)}`, firstName: "Eve", lastName: "Root", birthDate: "1990-01-01", isAdmin: true },
  });
  expect(escalation.status()).toBe(422);
  expect(await escalation.json()).toMatchObject({ errors: { isAdmin: ["Unknown field"] } });
  const after = ((await (await request.get(chart, { headers: bearer(clinicianKey) })).json()) as { patient: Record<string, unknown> }).patient;
  expect(after.updatedAt).toBe(before.updatedAt);

  const form = await request.patch(chart, { headers: { ...bearer(clinicianKey), "content-type": "application/x-www-form-urlencoded" }, data: "city=Springfield" });
  expect(form.status()).toBe(415);
  expect(form.headers()["content-type"]).toContain("application/problem+json");
  const huge = await request.patch(chart, { headers: { ...bearer(clinicianKey), "content-type": "application/json" }, data: JSON.stringify({ city: "x".repeat(2_000_000) }) });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
});

/** A raw HTTP request: Playwright's client will not send TRACE or WebDAV methods. */
function rawRequest(baseURL: string, method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

test("answers every method a route does not have with 405, the Allow header Next.js itself would give, and problem+json", async ({ request, baseURL }) => {
  const patientId = await anyOpenPatientId(request);
  const concrete = (pattern: string) => pattern.replace("[patientId]", patientId).replace(/\[\w+\]/g, randomUUID());
  const byPattern = new Map<string, Set<string>>();
  for (const route of discoverRoutes().declared) byPattern.set(route.pattern, (byPattern.get(route.pattern) ?? new Set()).add(route.method));
  byPattern.set("/api/health", new Set(["GET"]));
  expect(byPattern.size).toBeGreaterThanOrEqual(10);

  for (const [pattern, methods] of byPattern) {
    const path = concrete(pattern);
    const expectedAllow = [...new Set([...methods, ...(methods.has("GET") ? ["HEAD"] : []), "OPTIONS"])].sort().join(", ");
    // Next.js answers OPTIONS from the route's own exports: the proxy's table must agree with it.
    const options = await request.fetch(path, { method: "OPTIONS" });
    expect(options.headers()["allow"], `OPTIONS ${path}`).toBe(expectedAllow);
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((candidate) => !methods.has(candidate))) {
      const refused = await request.fetch(path, { method, headers: bearer(clinicianKey) });
      expect(refused.status(), `${method} ${path}`).toBe(405);
      expect(refused.headers()["allow"], `${method} ${path}`).toBe(expectedAllow);
      expect(await refused.json(), `${method} ${path}`).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    }
  }

  // TRACE failed with a 500 (fetch cannot carry it); PROPFIND is a method Node accepts and no route has.
  for (const method of ["TRACE", "PROPFIND"]) {
    for (const path of ["/api/v1/patients", "/login"]) {
      const refused = await rawRequest(baseURL ?? "", method, path);
      expect(refused.status, `${method} ${path}`).toBe(405);
      expect(refused.headers["allow"], `${method} ${path}`).toBeTruthy();
      if (path.startsWith("/api/")) expect(refused.headers["allow"]).toBe("GET, HEAD, OPTIONS, POST");
      expect(JSON.parse(refused.body), `${method} ${path}`).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED" });
    }
  }
});

test("any Authorization that is not a valid bearer key is a 401 with exactly one audit row", async ({ request }) => {
  for (const authorization of ["Basic YWRtaW46YWRtaW4=", 'Digest username="admin"', "Bearer", "Bearer mrd_notakey0_secret", `Bearer ${clinicianKey}x`]) {
    const response = await request.get("/api/v1/patients", { headers: { authorization } });
    expect(response.status(), authorization).toBe(401);
    expect(response.headers()["www-authenticate"], authorization).toContain("Bearer");
    const rows = await auditRowsOf(response.headers()["x-request-id"] ?? "");
    expect(rows.map((row) => [row.action, row.status, row.status_code]), authorization).toEqual([["auth.api_key_rejected", "denied", 401]]);
  }
});

test("calendar dates travel as YYYY-MM-DD, and the sign-in and health endpoints answer as documented", async ({ request }) => {
  const document = (await (await request.get("/api/v1/openapi.json")).json()) as OpenApiDocument;
  const conforms = async (path: string, response: import("@playwright/test").APIResponse) => {
    const ref = document.paths[path]?.get?.responses[String(response.status())]?.content?.["application/json"]?.schema.$ref;
    expect(ref, path).toBeTruthy();
    const schema = document.components.schemas[String(ref).replace("#/components/schemas/", "") as keyof OpenApiDocument["components"]["schemas"]];
    const result = z.fromJSONSchema(schema).safeParse(await response.json());
    expect(result.success ? [] : result.error.issues, path).toEqual([]);
  };
  for (const path of ["/api/health", "/api/health/ready", "/api/auth/csrf", "/api/auth/session"]) await conforms(path, await request.get(path));
  const birth = document.components.schemas.Patient.properties?.birthDate;
  expect(birth).toMatchObject({ type: "string", format: "date" });

  const patientId = await anyOpenPatientId(request);
  const chart = (await (await request.get(`/api/v1/patients/${patientId}`, { headers: bearer(clinicianKey) })).json()) as {
    patient: { birthDate: string };
    medications: { startDate: string | null; endDate: string | null }[];
    allergies: { onsetDate: string | null; recordedDate: string | null }[];
  };
  expect(chart.patient.birthDate).toMatch(CALENDAR_DATE);
  const dates = [...chart.medications.flatMap((entry) => [entry.startDate, entry.endDate]), ...chart.allergies.flatMap((entry) => [entry.onsetDate, entry.recordedDate])];
  for (const date of dates.filter((value) => value !== null)) expect(date).toMatch(CALENDAR_DATE);
});
