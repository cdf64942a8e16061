import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as allergies from "@/lib/allergies/schema";
import * as audit from "@/lib/audit/schema";
import * as connections from "@/lib/connections/schema";
import * as hl7 from "@/lib/hl7/schema";
import * as medications from "@/lib/medications/schema";
import * as observations from "@/lib/observations/schema";
import * as patients from "@/lib/patients/schema";
import { toJsonSchema } from "@/lib/shared-schema/json-schema";
import * as stats from "@/lib/stats/schema";

const modules = { patients, observations, medications, allergies, hl7, connections, audit, stats };

const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports).flatMap(([name, value]) => (value instanceof z.ZodType ? [[`${module}.${name}`, value] as const] : [])),
);

const isRequest = (name: string) => /(Create|Update|SearchCriteria)$/.test(name);
const isResponse = (name: string) => /(Response|Statistics|Status|AggregatedPatientData)$/.test(name);

describe("toJsonSchema", () => {
  it("documents every request schema as the client sends it", () => {
    const requests = schemas.filter(([name]) => isRequest(name));
    expect(requests.length).toBeGreaterThanOrEqual(14);
    for (const [name, schema] of requests) expect(() => toJsonSchema(schema, "input"), name).not.toThrow();
  });

  it("documents every response schema, Dates as date-time strings", () => {
    const responses = schemas.filter(([name]) => isResponse(name));
    expect(responses.length).toBeGreaterThanOrEqual(12);
    for (const [name, schema] of responses) expect(() => toJsonSchema(schema, "output"), name).not.toThrow();
    const patient = toJsonSchema(patients.PatientResponse, "output");
    expect(patient.properties?.createdAt).toMatchObject({ type: "string", format: "date-time" });
    expect(patient.required).toContain("ssnLast4");
    expect(patient.properties).not.toHaveProperty("ssn");
  });

  it("carries descriptions, limits and defaults into the document", () => {
    const create = toJsonSchema(patients.PatientCreate, "input");
    expect(create.properties?.firstName).toMatchObject({ type: "string", maxLength: 100, description: "Given name" });
    expect(create.required).toEqual(["mrn", "firstName", "lastName", "birthDate"]);
    const search = toJsonSchema(patients.PatientSearchCriteria, "input");
    expect(search.properties?.pageSize).toMatchObject({ type: "integer", maximum: 100, default: 25 });
  });

  it("still throws for types with no JSON form", () => {
    expect(() => toJsonSchema(z.object({ n: z.bigint() }), "input")).toThrow();
  });
});
