import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as allergiesRoute from "@/app/api/v1/patients/[patientId]/allergies/route";
import * as medicationsRoute from "@/app/api/v1/patients/[patientId]/medications/route";
import * as observationsRoute from "@/app/api/v1/patients/[patientId]/observations/route";
import * as patientRoute from "@/app/api/v1/patients/[patientId]/route";
import * as patientsRoute from "@/app/api/v1/patients/route";
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from "@/lib/api/openapi";
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

function call<P extends object>(handler: Handler<P>, path: string, init: { method?: string; key?: string; body?: string; params: P }) {
  const headers = new Headers({ "content-type": "application/json" });
  if (init.key) headers.set("authorization", `Bearer ${init.key}`);
  const request = new NextRequest(new URL(path, BASE), { method: init.method ?? "GET", headers, body: init.body });
  return handler(request, { params: Promise.resolve(init.params) });
}

function resolveRef(schema: { $ref: string }): JsonSchema {
  const name = schema.$ref.replace("#/components/schemas/", "") as keyof OpenApiDocument["components"]["schemas"];
  const resolved = document.components.schemas[name];
  expect(resolved, schema.$ref).toBeDefined();
  return resolved;
}

/** The schema the document declares for this path, method, status and media type. */
function documentedSchema(path: string, method: "get" | "post" | "patch", status: number, mediaType: string): JsonSchema {
  const operation = document.paths[path]?.[method];
  expect(operation, `${method} ${path}`).toBeDefined();
  const response = operation?.responses[String(status)];
  expect(response, `${method} ${path} ${status}`).toBeDefined();
  const content = response?.content?.[mediaType];
  expect(content, `${method} ${path} ${status} ${mediaType}`).toBeDefined();
  return resolveRef(content?.schema ?? { $ref: "" });
}

async function expectConforms(response: Response, path: string, method: "get" | "post" | "patch", status: number) {
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
