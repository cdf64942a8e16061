import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as auditExportRoute from "@/app/api/v1/audit/export/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as allergyRoute from "@/app/api/v1/patients/[patientId]/allergies/[allergyId]/route";
import * as allergiesRoute from "@/app/api/v1/patients/[patientId]/allergies/route";
import * as medicationRoute from "@/app/api/v1/patients/[patientId]/medications/[medicationId]/route";
import * as medicationsRoute from "@/app/api/v1/patients/[patientId]/medications/route";
import * as observationsRoute from "@/app/api/v1/patients/[patientId]/observations/route";
import * as patientRoute from "@/app/api/v1/patients/[patientId]/route";
import * as patientsRoute from "@/app/api/v1/patients/route";
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from "@/lib/api/openapi";
import { db } from "@/lib/db/client";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertAllergy, insertMedication, insertObservation, insertPatient, uniqueMrn } from "@/lib/patients/testing/factories";
import { createApiKey } from "@/lib/seed/accounts";

// Real responses of the API handlers, checked against the OpenAPI document's own JSON Schemas (read back with
// z.fromJSONSchema, so the document is what is tested, not the zod schemas it was generated from).

isolateCache();

const document: OpenApiDocument = buildOpenApiDocument();
const BASE = "http://localhost:3000";
let clinicianKey = "";
let complianceKey = "";
let patientId = "";

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

type Method = "get" | "post" | "put" | "patch";

function call<P extends object>(
  handler: Handler<P>,
  path: string,
  init: { method?: string; key?: string; authorization?: string; body?: string; headers?: Record<string, string>; params: P },
) {
  const headers = new Headers({ "content-type": "application/json", ...init.headers });
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  if (init.authorization !== undefined) headers.set("authorization", init.authorization);
  const request = new NextRequest(new URL(path, BASE), { method: init.method ?? "GET", headers, body: init.body });
  return handler(request, { params: Promise.resolve(init.params) });
}

function resolveRef(schema: JsonSchema): JsonSchema {
  const name = String(schema.$ref).replace("#/components/schemas/", "") as keyof OpenApiDocument["components"]["schemas"];
  const resolved = document.components.schemas[name];
  expect(resolved, schema.$ref).toBeDefined();
  return resolved;
}

/** The schema the document declares for this path, method, status and media type. */
function documentedSchema(path: string, method: Method, status: number, mediaType: string): JsonSchema {
  const operation = document.paths[path]?.[method];
  expect(operation, `${method} ${path}`).toBeDefined();
  const response = operation?.responses[String(status)];
  expect(response, `${method} ${path} ${status}`).toBeDefined();
  const content = response?.content?.[mediaType];
  expect(content, `${method} ${path} ${status} ${mediaType}`).toBeDefined();
  return resolveRef(content?.schema ?? { $ref: "" });
}

async function expectConforms(response: Response, path: string, method: Method, status: number) {
  expect(response.status).toBe(status);
  const mediaType = status >= 400 ? "application/problem+json" : "application/json";
  expect(response.headers.get("content-type")).toContain(mediaType);
  const body: unknown = await response.json();
  const validator = z.fromJSONSchema(documentedSchema(path, method, status, mediaType));
  const result = validator.safeParse(body);
  expect(result.success ? [] : result.error.issues).toEqual([]);
  return body;
}

beforeAll(async () => {
  clinicianKey = (await createApiKey({ name: "openapi test clinician", role: "clinician" })).key;
  complianceKey = (await createApiKey({ name: "openapi test compliance", role: "compliance" })).key;
  const patient = await insertPatient({ phone: "+1 415 555 2671", email: "pat@example.org", sourceEmr: "epic-main", ssnLast4: "6789" });
  patientId = patient.id;
  await insertObservation(patient.id);
  await insertObservation(patient.id, { observationType: "laboratory", code: "2345-7", valueQuantity: null, valueString: "positive", issuedDatetime: new Date() });
  await insertMedication(patient.id, { startDate: new Date("2024-01-02T00:00:00Z"), dose: 10, doseUnit: "mg" });
  await insertAllergy(patient.id, { criticality: "high", onsetDate: new Date("2010-05-06T00:00:00Z") });
});

describe("API responses agree with the OpenAPI document", () => {
  it("GET /api/v1/patients", async () => {
    const response = await call(patientsRoute.GET, "/api/v1/patients?name=Alex&pageSize=5&sort=-updatedAt", { key: clinicianKey, params: {} });
    const body = await expectConforms(response, "/api/v1/patients", "get", 200);
    expect(body).toMatchObject({ page: 1, pageSize: 5 });
  });

  it("POST /api/v1/patients and PATCH /api/v1/patients/{patientId}", async () => {
    const created = await call(patientsRoute.POST, "/api/v1/patients", {
      method: "POST",
      key: clinicianKey,
      params: {},
      body: JSON.stringify({ mrn: uniqueMrn(), firstName: "Ana", lastName: "Lima", birthDate: "1990-03-04", ssn: "123-45-6789", country: "US", postalCode: "02139" }),
    });
    const patient = (await expectConforms(created, "/api/v1/patients", "post", 201)) as { id: string };
    expect(created.headers.get("location")).toBe(`/api/v1/patients/${patient.id}`);

    const patched = await call(patientRoute.PATCH, `/api/v1/patients/${patient.id}`, {
      method: "PATCH", key: clinicianKey, body: JSON.stringify({ city: "Cambridge" }), params: { patientId: patient.id },
    });
    expect(await expectConforms(patched, "/api/v1/patients/{patientId}", "patch", 200)).toMatchObject({ city: "Cambridge" });
  });

  it("GET /api/v1/patients/{patientId} and its record lists", async () => {
    const params = { patientId };
    await expectConforms(await call(patientRoute.GET, `/api/v1/patients/${patientId}`, { key: clinicianKey, params }), "/api/v1/patients/{patientId}", "get", 200);
    await expectConforms(
      await call(observationsRoute.GET, `/api/v1/patients/${patientId}/observations?category=laboratory`, { key: clinicianKey, params }),
      "/api/v1/patients/{patientId}/observations", "get", 200,
    );
    await expectConforms(
      await call(medicationsRoute.GET, `/api/v1/patients/${patientId}/medications?status=active`, { key: clinicianKey, params }),
      "/api/v1/patients/{patientId}/medications", "get", 200,
    );
    await expectConforms(
      await call(allergiesRoute.GET, `/api/v1/patients/${patientId}/allergies`, { key: clinicianKey, params }),
      "/api/v1/patients/{patientId}/allergies", "get", 200,
    );
  });

  it("errors are problem+json as documented: 401, 403, 404, 409, 422", async () => {
    // Without any credentials the handler would read the session cookie, which needs a Next request scope: the
    // e2e suite covers that; here an unknown key gets the same 401.
    await expectConforms(await call(patientsRoute.GET, "/api/v1/patients", { key: "mrd_unknown0_secret", params: {} }), "/api/v1/patients", "get", 401);
    await expectConforms(
      await call(patientRoute.GET, `/api/v1/patients/${patientId}`, { key: complianceKey, params: { patientId } }),
      "/api/v1/patients/{patientId}", "get", 403,
    );
    await expectConforms(
      await call(patientRoute.GET, "/api/v1/patients/not-a-uuid", { key: clinicianKey, params: { patientId: "not-a-uuid" } }),
      "/api/v1/patients/{patientId}", "get", 404,
    );
    const invalid = await expectConforms(
      await call(patientsRoute.GET, "/api/v1/patients?pageSize=1000&gender=robot", { key: clinicianKey, params: {} }),
      "/api/v1/patients", "get", 422,
    );
    expect(invalid).toMatchObject({ code: "INVALID", errors: { pageSize: [expect.any(String)], gender: [expect.any(String)] } });
    const malformed = await expectConforms(
      await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", key: clinicianKey, body: "{not json", params: {} }),
      "/api/v1/patients", "post", 422,
    );
    expect(malformed).toMatchObject({ code: "INVALID", errors: { _body: [expect.any(String)] } });

    const mrn = uniqueMrn();
    const body = JSON.stringify({ mrn, firstName: "Dup", lastName: "Licate", birthDate: "1990-03-04" });
    await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", key: clinicianKey, body, params: {} });
    const conflict = await expectConforms(
      await call(patientsRoute.POST, "/api/v1/patients", { method: "POST", key: clinicianKey, body, params: {} }),
      "/api/v1/patients", "post", 409,
    );
    expect(conflict).toMatchObject({ code: "CONFLICT", errors: { mrn: [expect.any(String)] } });
  });

  it("a response that breaks the document fails validation (the check can fail)", async () => {
    const validator = z.fromJSONSchema(documentedSchema("/api/v1/patients/{patientId}", "patch", 200, "application/json"));
    const response = await call(patientRoute.GET, `/api/v1/patients/${patientId}`, { key: clinicianKey, params: { patientId } });
    const { patient } = (await response.json()) as { patient: Record<string, unknown> };
    expect(validator.safeParse(patient).success).toBe(true);
    for (const broken of [{ birthDate: "yesterday" }, { id: "x" }, { gender: "robot" }, { ssnLast4: "12" }]) {
      expect(validator.safeParse({ ...patient, ...broken }).success, JSON.stringify(broken)).toBe(false);
    }
    const withoutMrn = { ...patient };
    delete withoutMrn.mrn;
    expect(validator.safeParse(withoutMrn).success).toBe(false);
  });
});

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe("recording clinical records over the API", () => {
  const observationsPath = "/api/v1/patients/{patientId}/observations";

  it("POST …/observations: 201 when new, 200 when resent, one row; both as documented", async () => {
    const params = { patientId };
    const url = `/api/v1/patients/${patientId}/observations`;
    const body = { observationType: "laboratory", code: "2160-0", valueQuantity: 1.1, unit: "mg/dL", effectiveDatetime: "2024-06-01T07:00:00Z", sourceEmr: "lab", sourceObservationId: `crea-${patientId}` };
    const created = (await expectConforms(await call(observationsRoute.POST, url, { method: "POST", key: clinicianKey, body: JSON.stringify(body), params }), observationsPath, "post", 201)) as { id: string };
    const resent = await expectConforms(
      await call(observationsRoute.POST, url, { method: "POST", key: clinicianKey, body: JSON.stringify({ ...body, valueQuantity: 1.3, status: "corrected" }), params }),
      observationsPath,
      "post",
      200,
    );
    expect(resent).toMatchObject({ id: created.id, valueQuantity: 1.3, status: "corrected" });
    expect(await db().observation.count({ where: { sourceEmr: "lab", sourceObservationId: body.sourceObservationId } })).toBe(1);
  });

  it("POST …/medications and …/allergies, PATCH one of each; calendar dates travel as YYYY-MM-DD", async () => {
    const params = { patientId };
    const medication = (await expectConforms(
      await call(medicationsRoute.POST, `/api/v1/patients/${patientId}/medications`, {
        method: "POST",
        key: clinicianKey,
        params,
        body: JSON.stringify({ medicationName: "Metformin 500 MG Oral Tablet", startDate: "2024-02-29", sourceEmr: "epic", sourceMedicationId: `met-${patientId}` }),
      }),
      "/api/v1/patients/{patientId}/medications",
      "post",
      201,
    )) as { id: string; startDate: string };
    expect(medication.startDate).toBe("2024-02-29");
    const stopped = await expectConforms(
      await call(medicationRoute.PATCH, `/api/v1/patients/${patientId}/medications/${medication.id}`, {
        method: "PATCH",
        key: clinicianKey,
        params: { patientId, medicationId: medication.id },
        body: JSON.stringify({ status: "stopped", reason: "GI side effects" }),
      }),
      "/api/v1/patients/{patientId}/medications/{medicationId}",
      "patch",
      200,
    );
    expect(stopped).toMatchObject({ id: medication.id, status: "stopped" });

    const allergy = (await expectConforms(
      await call(allergiesRoute.POST, `/api/v1/patients/${patientId}/allergies`, {
        method: "POST",
        key: clinicianKey,
        params,
        body: JSON.stringify({ allergen: "Sulfonamides", category: "medication", onsetDate: "2001-01-01", reactions: [{ manifestation: "Rash" }] }),
      }),
      "/api/v1/patients/{patientId}/allergies",
      "post",
      201,
    )) as { id: string; onsetDate: string };
    expect(allergy.onsetDate).toBe("2001-01-01");
    const refuted = await expectConforms(
      await call(allergyRoute.PATCH, `/api/v1/patients/${patientId}/allergies/${allergy.id}`, {
        method: "PATCH",
        key: clinicianKey,
        params: { patientId, allergyId: allergy.id },
        body: JSON.stringify({ verificationStatus: "refuted" }),
      }),
      "/api/v1/patients/{patientId}/allergies/{allergyId}",
      "patch",
      200,
    );
    expect(refuted).toMatchObject({ id: allergy.id, verificationStatus: "refuted" });

    const chart = (await (await call(patientRoute.GET, `/api/v1/patients/${patientId}`, { key: clinicianKey, params })).json()) as {
      patient: { birthDate: string };
      medications: { startDate: string | null }[];
      allergies: { onsetDate: string | null }[];
    };
    expect(chart.patient.birthDate).toBe("1980-04-12");
    for (const date of [...chart.medications.map((entry) => entry.startDate), ...chart.allergies.map((entry) => entry.onsetDate)]) {
      if (date !== null) expect(date).toMatch(CALENDAR_DATE);
    }
  });

  it("answers 404 for an unknown chart or a record on another chart, as documented", async () => {
    const unknown = "6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f";
    await expectConforms(
      await call(allergiesRoute.POST, `/api/v1/patients/${unknown}/allergies`, {
        method: "POST",
        key: clinicianKey,
        params: { patientId: unknown },
        body: JSON.stringify({ allergen: "Latex", category: "environment" }),
      }),
      "/api/v1/patients/{patientId}/allergies",
      "post",
      404,
    );
    await expectConforms(
      await call(allergyRoute.PATCH, `/api/v1/patients/${patientId}/allergies/${unknown}`, {
        method: "PATCH",
        key: clinicianKey,
        params: { patientId, allergyId: unknown },
        body: JSON.stringify({ clinicalStatus: "resolved" }),
      }),
      "/api/v1/patients/{patientId}/allergies/{allergyId}",
      "patch",
      404,
    );
  });
});

describe("a strict JSON API", () => {
  it("refuses unknown fields with 422 naming them, and changes nothing", async () => {
    const before = await db().patient.findUniqueOrThrow({ where: { id: patientId }, select: { middleName: true, updatedAt: true } });
    const problem = await expectConforms(
      await call(patientRoute.PATCH, `/api/v1/patients/${patientId}`, { method: "PATCH", key: clinicianKey, params: { patientId }, body: JSON.stringify({ middlename: "Zed" }) }),
      "/api/v1/patients/{patientId}",
      "patch",
      422,
    );
    expect(problem).toMatchObject({ code: "INVALID", detail: "Unknown fields: middlename.", errors: { middlename: ["Unknown field"] } });
    expect(await db().patient.findUniqueOrThrow({ where: { id: patientId }, select: { middleName: true, updatedAt: true } })).toEqual(before);

    const created = await call(patientsRoute.POST, "/api/v1/patients", {
      method: "POST",
      key: clinicianKey,
      params: {},
      body: JSON.stringify({ mrn: uniqueMrn(), firstName: "Eve", lastName: "Admin", birthDate: "1990-01-01", isAdmin: true }),
    });
    expect(await expectConforms(created, "/api/v1/patients", "post", 422)).toMatchObject({ errors: { isAdmin: ["Unknown field"] } });

    const nested = await call(allergiesRoute.POST, `/api/v1/patients/${patientId}/allergies`, {
      method: "POST",
      key: clinicianKey,
      params: { patientId },
      body: JSON.stringify({ allergen: "Nuts", category: "food", patientId, reactions: [{ manifestation: "Hives", colour: "red" }] }),
    });
    expect(await expectConforms(nested, "/api/v1/patients/{patientId}/allergies", "post", 422)).toMatchObject({
      errors: { patientId: ["Unknown field"], "reactions.0.colour": ["Unknown field"] },
    });
  });

  it("answers 415 for a body that is not JSON and 413 for one over the limit, as documented", async () => {
    const params = { patientId };
    const url = `/api/v1/patients/${patientId}`;
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded"]) {
      const response = await call(patientRoute.PATCH, url, { method: "PATCH", key: clinicianKey, params, headers: { "content-type": contentType }, body: "city=Springfield" });
      expect(await expectConforms(response, "/api/v1/patients/{patientId}", "patch", 415)).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
    const huge = JSON.stringify({ city: "x".repeat(2 * 1024 * 1024) });
    const tooLarge = await call(patientRoute.PATCH, url, { method: "PATCH", key: clinicianKey, params, body: huge });
    expect(await expectConforms(tooLarge, "/api/v1/patients/{patientId}", "patch", 413)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers text the database would refuse (NUL, lone surrogates) with 422, never a 500", async () => {
    for (const note of ["a\u0000b", "bad \ud800 text"]) {
      const response = await call(observationsRoute.POST, `/api/v1/patients/${patientId}/observations`, {
        method: "POST",
        key: clinicianKey,
        params: { patientId },
        body: JSON.stringify({ observationType: "exam", code: "29463-7", valueQuantity: 70, effectiveDatetime: "2024-06-01T07:00:00Z", note }),
      });
      expect(await expectConforms(response, "/api/v1/patients/{patientId}/observations", "post", 422)).toMatchObject({ errors: { note: [expect.any(String)] } });
    }
  });

  it("answers dates PostgreSQL cannot hold (year 0000) with 422, never a 500", async () => {
    const params = { patientId };
    const medication = await call(medicationsRoute.POST, `/api/v1/patients/${patientId}/medications`, {
      method: "POST",
      key: clinicianKey,
      params,
      body: JSON.stringify({ medicationName: "Aspirin", startDate: "0000-01-01" }),
    });
    expect(await expectConforms(medication, "/api/v1/patients/{patientId}/medications", "post", 422)).toMatchObject({ errors: { startDate: [expect.any(String)] } });
    const observation = await call(observationsRoute.POST, `/api/v1/patients/${patientId}/observations`, {
      method: "POST",
      key: clinicianKey,
      params,
      body: JSON.stringify({ observationType: "exam", code: "29463-7", valueQuantity: 70, effectiveDatetime: "0000-06-01T00:00:00Z" }),
    });
    expect(await expectConforms(observation, "/api/v1/patients/{patientId}/observations", "post", 422)).toMatchObject({ errors: { effectiveDatetime: [expect.any(String)] } });
    const search = await call(observationsRoute.GET, `/api/v1/patients/${patientId}/observations?from=0000-01-01`, { key: clinicianKey, params });
    await expectConforms(search, "/api/v1/patients/{patientId}/observations", "get", 422);
  });
});

describe("refusals leave an audit row", () => {
  it.each([
    ["Basic credentials", "Basic YWRtaW46YWRtaW4=", "auth.api_key_rejected"],
    ["a Digest header", 'Digest username="admin"', "auth.api_key_rejected"],
    ["an empty header", "", "auth.api_key_rejected"],
    ["a bearer without a token", "Bearer", "auth.api_key_rejected"],
    ["a malformed key", "Bearer not-a-key", "auth.api_key_rejected"],
    ["an unknown key", "Bearer mrd_unknown0_secret", "auth.api_key_rejected"],
  ])("401 for %s, audited as denied", async (_label, authorization, action) => {
    const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.9`;
    const response = await call(patientsRoute.GET, "/api/v1/patients", { authorization, headers: { "x-forwarded-for": address }, params: {} });
    const { requestId } = (await expectConforms(response, "/api/v1/patients", "get", 401)) as { requestId: string };
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(response.headers.get("x-request-id")).toBe(requestId);
    const rows = await db().auditLog.findMany({ where: { requestId }, select: { action: true, status: true, statusCode: true, details: true } });
    expect(rows.map((row) => [row.action, row.status, row.statusCode])).toEqual([[action, "denied", 401]]);
    expect(JSON.stringify(rows[0]?.details)).not.toContain("YWRtaW46YWRtaW4=");
  });
});

describe("the audit API as documented", () => {
  it("GET /api/v1/audit: a page of events, and the next one through its cursor", async () => {
    for (let read = 0; read < 3; read += 1) await call(patientRoute.GET, `/api/v1/patients/${patientId}`, { key: clinicianKey, params: { patientId } });
    const first = (await expectConforms(await call(auditRoute.GET, "/api/v1/audit?pageSize=2", { key: complianceKey, params: {} }), "/api/v1/audit", "get", 200)) as {
      data: unknown[];
      next: string | null;
    };
    expect(first.data).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const next = `/api/v1/audit?pageSize=2&after=${encodeURIComponent(first.next ?? "")}`;
    await expectConforms(await call(auditRoute.GET, next, { key: complianceKey, params: {} }), "/api/v1/audit", "get", 200);
    await expectConforms(await call(auditRoute.GET, "/api/v1/audit?sort=nope", { key: complianceKey, params: {} }), "/api/v1/audit", "get", 422);
    await expectConforms(await call(auditRoute.GET, "/api/v1/audit", { key: clinicianKey, params: {} }), "/api/v1/audit", "get", 403);
  });

  it("GET /api/v1/audit/export: text/csv, as documented", async () => {
    const response = await call(auditExportRoute.GET, "/api/v1/audit/export?status=denied", { key: complianceKey, params: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(document.paths["/api/v1/audit/export"]?.get?.responses["200"]?.content).toHaveProperty(["text/csv"]);
    expect((await response.text()).split("\n")[0]).toContain("action");
  });
});
