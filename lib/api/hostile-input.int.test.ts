import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as medicationsRoute from "@/app/api/v1/patients/[patientId]/medications/route";
import * as observationsRoute from "@/app/api/v1/patients/[patientId]/observations/route";
import * as patientRoute from "@/app/api/v1/patients/[patientId]/route";
import * as patientsRoute from "@/app/api/v1/patients/route";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient } from "@/lib/patients/testing/factories";
import { createApiKey } from "@/lib/seed/accounts";

// What a client can send that the schemas must turn into a 4xx: each of these once reached, or could reach,
// PostgreSQL or a plain object and came back as a 500.

isolateCache();

// The route handlers differ only in their params; each is called with the one patient's.
type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

let clinicianKey = "";
let complianceKey = "";
let patientId = "";

beforeAll(async () => {
  clinicianKey = (await createApiKey({ name: "hostile input clinician", role: "clinician" })).key;
  complianceKey = (await createApiKey({ name: "hostile input compliance", role: "compliance" })).key;
  patientId = (await insertPatient()).id;
});

async function statusOf<P>(handler: Handler<P>, path: string, init: { method?: string; body?: string; key?: string } = {}): Promise<number> {
  const headers = { authorization: `Bearer ${init.key ?? clinicianKey}`, "content-type": "application/json" };
  const request = new NextRequest(new URL(path, "http://localhost"), { method: init.method ?? "GET", headers, body: init.body });
  const response = await handler(request, { params: Promise.resolve({ patientId } as P) });
  return response.status;
}

const MAX_VALUE = "1.7976931348623157e308";

describe("hostile input is a 4xx, never a 500", () => {
  it.each([
    "page=99999999999999999999",
    "sort=--name",
    "name=%00",
    `name=${"a".repeat(5000)}`,
    "birthDate=2024-02-30",
    "gender=%E2%80%AE",
  ])("GET /api/v1/patients?%s", async (query) => {
    expect(await statusOf(patientsRoute.GET, `/api/v1/patients?${query}`)).toBe(422);
  });

  it.each(["code=%00", "from=0000-01-01", "from=2024-01-01T00:00:00+99:00"])("GET …/observations?%s", async (query) => {
    expect(await statusOf(observationsRoute.GET, `/api/v1/patients/{id}/observations?${query}`)).toBe(422);
  });

  it.each(["user=%00", "after=abc", `after=${"A".repeat(3000)}`, "requestId=%00"])("GET /api/v1/audit?%s", async (query) => {
    expect(await statusOf(auditRoute.GET, `/api/v1/audit?${query}`, { key: complianceKey })).toBe(422);
  });

  it.each([
    "[]",
    "null",
    '"text"',
    '{"city":{"a":1}}',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{}}}',
    '{"toString":1}',
    `{"phone":"${"1".repeat(300)}"}`,
  ])("PATCH a patient with %s", async (body) => {
    expect(await statusOf(patientRoute.PATCH, "/api/v1/patients/{id}", { method: "PATCH", body })).toBe(422);
  });

  it.each([
    `{"medicationName":"Aspirin","dose":${MAX_VALUE}}`,
    '{"medicationName":"Aspirin","startDate":"0000-01-01"}',
    '{"medicationName":"Aspirin","instructions":"a\\u0000b"}',
    `{"medicationName":"Aspirin","sourceEmr":"e","sourceMedicationId":"${"a".repeat(129)}"}`,
  ])("POST a medication with %s", async (body) => {
    expect(await statusOf(medicationsRoute.POST, "/api/v1/patients/{id}/medications", { method: "POST", body })).toBe(422);
  });

  it.each([`{"valueQuantity":${MAX_VALUE}}`, '{"valueQuantity":-1e16}', `{"valueQuantity":1,"referenceRangeHigh":${MAX_VALUE}}`])(
    "POST an observation with %s",
    async (fields) => {
      const body = JSON.stringify({ observationType: "laboratory", code: "2345-7", effectiveDatetime: "2024-06-01T07:00:00Z", ...JSON.parse(fields) });
      expect(await statusOf(observationsRoute.POST, "/api/v1/patients/{id}/observations", { method: "POST", body })).toBe(422);
    },
  );

  it("still takes the largest quantities a result may have", async () => {
    const body = JSON.stringify({ observationType: "laboratory", code: "777-3", valueQuantity: 1e15, effectiveDatetime: "2024-06-01T07:00:00Z" });
    expect(await statusOf(observationsRoute.POST, "/api/v1/patients/{id}/observations", { method: "POST", body })).toBe(201);
  });
});
