import { z } from "zod";
import { API_OPERATIONS, API_SCHEMAS, type ApiOperation, type ApiSchemaName, type ErrorStatus } from "@/lib/api/operations";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { toJsonSchema } from "@/lib/shared-schema/json-schema";

// The OpenAPI 3.1 document of the JSON API, generated from the zod schemas the handlers parse with
// (z.toJSONSchema through lib/shared-schema/json-schema.ts). Public: it describes shapes, never data.

export type JsonSchema = z.core.JSONSchema.JSONSchema;

export interface ParameterObject {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: { $ref: string } }>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  "x-permission": string;
  parameters: ParameterObject[];
  requestBody?: { required: true; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Partial<Record<ApiOperation["method"], OperationObject>>>;
  components: {
    schemas: Record<ApiSchemaName, JsonSchema>;
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; description: string }>;
  };
}

const DIALECT = "https://json-schema.org/draft/2020-12/schema";

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Bad request",
  401: "No valid API key or session (WWW-Authenticate: Bearer)",
  403: "Authenticated, but not allowed (permission missing, or a restricted chart without an emergency access grant)",
  404: "No patient (or record) with this id",
  409: "A unique value (MRN, source EMR id) is already in use; see errors",
  422: "Invalid query, body or malformed JSON; see errors for messages per field",
};

const schemaRef = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });

/** A component schema: the dialect is declared once for the document (jsonSchemaDialect). */
function componentSchema(name: ApiSchemaName): JsonSchema {
  const { schema, io } = API_SCHEMAS[name];
  const json = { ...toJsonSchema(schema, io) };
  delete json.$schema;
  return json;
}

/** "sort=-updatedAt" means descending: the query accepts each sort field with a "-" prefix too. */
function withDescendingSorts(name: string, schema: JsonSchema): JsonSchema {
  if (name !== "sort" || typeof schema !== "object" || !Array.isArray(schema.enum)) return schema;
  const fields = schema.enum.filter((value): value is string => typeof value === "string");
  return { ...schema, enum: [...fields, ...fields.map((field) => `-${field}`)] };
}

function queryParameters(operation: ApiOperation): ParameterObject[] {
  if (!operation.query) return [];
  const schema = toJsonSchema(operation.query, "input");
  const properties = schema.properties ?? {};
  return Object.entries(properties)
    .filter(([name]) => !operation.omitQuery?.includes(name))
    .map(([name, property]) => {
      const { description, ...rest } = typeof property === "object" ? property : {};
      return {
        name,
        in: "query",
        required: false,
        ...(description ? { description } : {}),
        schema: withDescendingSorts(name, rest),
      };
    });
}

function pathParameters(path: string): ParameterObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    description: "Patient id (UUID); an unknown or malformed id answers 404",
    schema: { type: "string", format: "uuid" },
  }));
}

function responses(operation: ApiOperation): Record<string, ResponseObject> {
  const success: ResponseObject = {
    description: operation.success.description,
    content: { "application/json": { schema: schemaRef(operation.success.schema) } },
    ...(operation.success.location
      ? { headers: { Location: { description: "URL of the new resource", schema: { type: "string" } } } }
      : {}),
  };
  const errors = Object.fromEntries(
    operation.errors.map((status) => [
      String(status),
      { description: ERROR_DESCRIPTIONS[status], content: { "application/problem+json": { schema: schemaRef("Problem") } } },
    ]),
  );
  return { [String(operation.success.status)]: success, ...errors };
}

function operationObject(operation: ApiOperation): OperationObject {
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description}\n\nRequires \`${operation.permission}\`: ${PERMISSIONS[operation.permission]}.`,
    tags: [operation.tag],
    "x-permission": operation.permission,
    parameters: [...pathParameters(operation.path), ...queryParameters(operation)],
    ...(operation.requestBody
      ? { requestBody: { required: true, content: { "application/json": { schema: schemaRef(operation.requestBody) } } } }
      : {}),
    responses: responses(operation),
  };
}

export function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of API_OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  }
  const schemaNames = Object.keys(API_SCHEMAS) as ApiSchemaName[];
  return {
    openapi: "3.1.0",
    info: {
      title: "Meridian API",
      version: "1",
      description:
        "JSON API of Meridian, the clinical data integration hub. Authenticate with an API key " +
        "(`Authorization: Bearer <key>`); from the web app, the session cookie works for same-origin requests. " +
        "Every access to patient data is audited. Dates are ISO 8601 strings; calendar dates are UTC midnight. " +
        "Errors are application/problem+json (RFC 9457).",
    },
    jsonSchemaDialect: DIALECT,
    tags: [
      { name: "Patients", description: "Search, registration, charts and demographics" },
      { name: "Clinical records", description: "A patient's observations, medications and allergies" },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: Object.fromEntries(schemaNames.map((name) => [name, componentSchema(name)])) as Record<ApiSchemaName, JsonSchema>,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API key created by an administrator (mrd_…)" },
      },
    },
  };
}

let built: OpenApiDocument | undefined;

/** The document, built once per process (it depends only on code). */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}
