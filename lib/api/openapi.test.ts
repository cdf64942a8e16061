import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { API_OPERATIONS } from "@/lib/api/operations";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_TREE = path.join(ROOT, "app/api");
const METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

interface RouteHandler {
  /** OpenAPI form: /api/v1/patients/{patientId}; a catch-all ends in {...name}. */
  path: string;
  method: string;
  /** What route(…) declares: a permission, "authenticated" for route(null), "public" for a handler without route(). */
  access: string;
}

/** Every exported method of every app/api/** /route.ts, read from the source as Next.js would find it. */
function handlersInCode(): RouteHandler[] {
  return readdirSync(API_TREE, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name === "route.ts")
    .flatMap((entry) => {
      const source = readFileSync(path.join(entry.parentPath, entry.name), "utf8");
      const urlPath = `/${path.relative(path.join(ROOT, "app"), entry.parentPath)}`.replace(/\[(\.\.\.)?(\w+)\]/g, "{$1$2}");
      const exported = [
        ...source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(\w+)/g),
        ...[...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(([, names = ""]) =>
          names.split(",").map((name) => [name, name.trim().split(/\s+as\s+/).at(-1) ?? ""] as const),
        ),
      ].map(([, name = ""]) => name);
      return exported
        .filter((name): name is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(name))
        .map((method) => {
          const declared = new RegExp(`export const ${method} = route(?:<[^>]*>)?\\(\\s*(?:"([a-z0-9_]+:[a-z_]+)"|(null))`).exec(source);
          return { path: urlPath, method, access: declared ? (declared[1] ?? "authenticated") : "public" };
        });
    });
}

const asKey = (handler: { path: string; method: string }) => `${handler.method.toUpperCase()} ${handler.path}`;

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument();
  const handlers = handlersInCode();
  const operations = Object.entries(document.paths).flatMap(([urlPath, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ path: urlPath, method: method.toUpperCase(), access: operation["x-permission"] })),
  );

  it("finds the route handlers (the walk itself works)", () => {
    expect(handlers.length).toBeGreaterThanOrEqual(15);
    expect(handlers.map(asKey)).toEqual(expect.arrayContaining(["GET /api/v1/audit", "GET /api/auth/{...nextauth}", "POST /api/auth/{...nextauth}"]));
  });

  it("documents every method of every route under app/api, with the access its handler declares", () => {
    const missing: string[] = [];
    for (const handler of handlers) {
      const catchAll = /^(.*)\/\{\.\.\.\w+\}$/.exec(handler.path)?.[1];
      const documented = catchAll
        ? operations.filter((operation) => operation.method === handler.method && operation.path.startsWith(`${catchAll}/`))
        : operations.filter((operation) => operation.method === handler.method && operation.path === handler.path);
      if (documented.length === 0) missing.push(asKey(handler));
      for (const operation of documented) expect(operation.access, asKey(operation)).toBe(handler.access);
    }
    expect(missing).toEqual([]);
  });

  it("documents nothing that has no handler", () => {
    const handled = new Set(handlers.map(asKey));
    const catchAlls = handlers.flatMap((handler) => {
      const prefix = /^(.*)\/\{\.\.\.\w+\}$/.exec(handler.path)?.[1];
      return prefix ? [{ prefix, method: handler.method }] : [];
    });
    const orphans = operations.filter(
      (operation) =>
        !handled.has(asKey(operation)) &&
        !catchAlls.some((catchAll) => catchAll.method === operation.method && operation.path.startsWith(`${catchAll.prefix}/`)),
    );
    expect(orphans.map(asKey)).toEqual([]);
  });

  it("is OpenAPI 3.1 with a bearer scheme, and every $ref resolves", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map(([, name = ""]) => name);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name);
  });

  it("gives every operation a success response, problem+json errors and its path parameters", () => {
    for (const [urlPath, byMethod] of Object.entries(document.paths)) {
      for (const operation of Object.values(byMethod)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses.some((status) => status.startsWith("2")), operation.operationId).toBe(true);
        for (const status of statuses.filter((value) => Number(value) >= 400 && value !== "503")) {
          expect(operation.responses[status]?.content, `${operation.operationId} ${status}`).toHaveProperty(["application/problem+json"]);
        }
        const pathNames = [...urlPath.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
        const declared = operation.parameters.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name);
        expect(declared).toEqual(pathNames);
      }
    }
  });

  it("documents 413 and 415 wherever a JSON body is read, and no credentials on public operations", () => {
    for (const operation of API_OPERATIONS) {
      const documented = document.paths[operation.path]?.[operation.method];
      const jsonBody = documented?.requestBody?.content["application/json"];
      if (jsonBody) expect(Object.keys(documented.responses), operation.operationId).toEqual(expect.arrayContaining(["413", "415", "422"]));
      expect(documented?.security, operation.operationId).toEqual(operation.access === "public" ? [] : undefined);
    }
  });

  it("documents a record POST as 201 when new and 200 when a resend updated it", () => {
    for (const record of ["observations", "medications", "allergies"]) {
      const post = document.paths[`/api/v1/patients/{patientId}/${record}`]?.post;
      expect(Object.keys(post?.responses ?? {}), record).toEqual(expect.arrayContaining(["200", "201", "404", "409", "422"]));
      expect(post?.["x-permission"]).toBe("patients:write");
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

  it("gives every calendar-date column (@db.Date) the format date, never date-time, wherever it appears", () => {
    const prisma = readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
    const dateOnly = [...prisma.matchAll(/^\s+(\w+)\s+DateTime\??\s.*@db\.Date\b/gm)].map(([, field = ""]) => field);
    expect(dateOnly).toEqual(expect.arrayContaining(["birthDate", "startDate", "endDate", "onsetDate", "recordedDate"]));
    const formats = new Map<string, Set<string>>();
    const visit = (schema: unknown) => {
      if (typeof schema !== "object" || schema === null) return;
      const node = schema as Record<string, unknown>;
      for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!dateOnly.includes(name)) continue;
        const alternatives = Array.isArray(property.anyOf) ? (property.anyOf as Record<string, unknown>[]) : [property];
        for (const alternative of alternatives) if (alternative.type === "string") (formats.get(name) ?? formats.set(name, new Set()).get(name))?.add(String(alternative.format));
      }
      for (const value of Object.values(node)) visit(value);
    };
    visit(document.components.schemas);
    visit(document.paths);
    // Internal date columns (e.g. a detection baseline's day) need not be in the API; the API's own must be.
    expect([...formats.keys()]).toEqual(expect.arrayContaining(["birthDate", "startDate", "endDate", "onsetDate", "recordedDate"]));
    for (const [field, found] of formats) expect([...found], field).toEqual(["date"]);
  });

  it("refuses unknown fields in every JSON request body (additionalProperties: false, nested objects too)", () => {
    const open: string[] = [];
    const visit = (schema: unknown, where: string) => {
      if (typeof schema !== "object" || schema === null) return;
      const node = schema as Record<string, unknown>;
      if (node.type === "object" && node.additionalProperties !== false) open.push(where);
      for (const [key, value] of Object.entries(node)) visit(value, `${where}.${key}`);
    };
    for (const operation of API_OPERATIONS) {
      if (operation.requestBody && (operation.requestBody.mediaType ?? "application/json") === "application/json") {
        visit(document.components.schemas[operation.requestBody.schema], operation.requestBody.schema);
      }
    }
    expect(open).toEqual([]);
  });
});
