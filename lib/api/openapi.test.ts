import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { API_OPERATIONS } from "@/lib/api/operations";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCUMENTED_TREE = path.join(ROOT, "app/api/v1/patients");
const DECLARED = /export const (GET|POST|PUT|PATCH|DELETE) = route(?:<[^>]*>)?\(\s*"([a-z_]+:[a-z_]+)"/g;

/** Every handler under app/api/v1/patients as "METHOD /api/v1/… permission", paths in OpenAPI form. */
function handlersInCode(): string[] {
  return readdirSync(DOCUMENTED_TREE, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .flatMap((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const urlPath = `/${path.relative(path.join(ROOT, "app"), entry.parentPath)}`.replace(/\[(\w+)\]/g, "{$1}");
      return [...readFileSync(file, "utf8").matchAll(DECLARED)].map(([, method = "", permission = ""]) => `${method} ${urlPath} ${permission}`);
    })
    .sort();
}

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument();

  it("documents exactly the patient API's handlers, with the permission each declares", () => {
    const documented = API_OPERATIONS.map((operation) => `${operation.method.toUpperCase()} ${operation.path} ${operation.permission}`).sort();
    expect(documented).toEqual(handlersInCode());
  });

  it("is OpenAPI 3.1 with a bearer scheme, and every $ref resolves", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(([, name = ""]) => name);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name);
  });

  it("gives every operation a success response, problem+json errors and its path parameters", () => {
    for (const [urlPath, operations] of Object.entries(document.paths)) {
      for (const operation of Object.values(operations)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses.some((status) => status.startsWith("2")), operation.operationId).toBe(true);
        for (const status of statuses.filter((value) => Number(value) >= 400)) {
          expect(operation.responses[status]?.content, `${operation.operationId} ${status}`).toHaveProperty(["application/problem+json"]);
        }
        const pathNames = [...urlPath.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
        const declared = operation.parameters.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name);
        expect(declared).toEqual(pathNames);
      }
    }
  });

  it("documents the search filters as query parameters, including descending sorts", () => {
    const search = document.paths["/api/v1/patients"]?.get;
    const names = search?.parameters.map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(["name", "mrn", "mrnPrefix", "birthDate", "gender", "sourceEmr", "sort", "page", "pageSize"]));
    expect(search?.parameters.find((parameter) => parameter.name === "sort")?.schema).toMatchObject({ enum: expect.arrayContaining(["name", "-updatedAt"]) });
    const observations = document.paths["/api/v1/patients/{patientId}/observations"]?.get;
    // patientId is the path's, not also a query filter.
    expect(observations?.parameters.filter((parameter) => parameter.name === "patientId").map((parameter) => parameter.in)).toEqual(["path"]);
  });

  it("never documents a secret field in a response", () => {
    const responses = JSON.stringify(document.components.schemas.PatientChart) + JSON.stringify(document.components.schemas.Patient);
    expect(responses).not.toMatch(/ssnEncrypted|"ssn"|credentials/);
  });
});
