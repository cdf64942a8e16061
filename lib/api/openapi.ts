import { z } from "zod";
import { MAX_JSON_BODY_BYTES } from "@/lib/api/json-body";
import {
  API_OPERATIONS,
  API_SCHEMAS,
  API_TAGS,
  PATH_PARAMETER_SCHEMAS,
  PATH_PARAMETERS,
  type ApiOperation,
  type ApiSchemaName,
  type ErrorStatus,
  type ResponseSpec,
} from "@/lib/api/operations";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { toJsonSchema } from "@/lib/shared-schema/json-schema";

// The OpenAPI 3.1 document of every route under app/api, generated from the zod schemas the handlers parse with
// (z.toJSONSchema through lib/shared-schema/json-schema.ts). Public: it describes shapes, never data.

export type JsonSchema = z.core.JSONSchema.JSONSchema;

export interface ParameterObject {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface MediaTypeObject {
  schema: JsonSchema;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** The permission the route checks, or "authenticated" (any signed-in caller) or "public". */
  "x-permission": string;
  /** Present and empty on public operations: no credentials needed. */
  security?: Record<string, string[]>[];
  parameters: ParameterObject[];
  requestBody?: { required: true; content: Record<string, MediaTypeObject> };
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
  401: "No valid API key or session (WWW-Authenticate: Bearer); any other Authorization scheme too",
  403: "Authenticated, but not allowed (permission missing, or a restricted chart without an emergency access grant)",
  404: "No patient (or record, alert, rule) with this id",
  409: "A unique value (MRN, source EMR id) is already in use (see errors), or the record's state does not allow the change (an alert already resolved)",
  413: `The body is larger than the operation takes (${MAX_JSON_BODY_BYTES} bytes of JSON; an HL7 message: HL7_MAX_MESSAGE_BYTES)`,
  415: "The body's media type is not the one the operation takes (JSON: application/json, UTF-8; see requestBody)",
  422: 'Invalid query or body, or malformed JSON; see errors for messages per field ("Unknown field" for a field the schema does not have)',
};

const schemaRef = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });

/** Errors of an operation: its own, and for a JSON body also 413 and 415 (lib/api/json-body.ts). */
function errorStatuses(operation: ApiOperation): ErrorStatus[] {
  const jsonBody = operation.requestBody && (operation.requestBody.mediaType ?? "application/json") === "application/json";
  const statuses = new Set<ErrorStatus>([...operation.errors, ...(jsonBody ? ([413, 415] as const) : [])]);
  return [...statuses].sort((a, b) => a - b);
}

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

/** A UUID unless the parameter has its own schema (a rule key, say). */
function pathParameterSchema(name: string): JsonSchema {
  const own = PATH_PARAMETER_SCHEMAS[name];
  if (!own) return { type: "string", format: "uuid" };
  const json = { ...toJsonSchema(own, "input") };
  delete json.$schema;
  return json;
}

function pathParameters(path: string): ParameterObject[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    description: PATH_PARAMETERS[name] ?? name,
    schema: pathParameterSchema(name),
  }));
}

function responseObject(spec: ResponseSpec): ResponseObject {
  const mediaType = spec.mediaType ?? "application/json";
  const schema = spec.schema ? schemaRef(spec.schema) : mediaType === "text/csv" ? { type: "string" as const } : undefined;
  if (spec.status === 503 && !spec.schema) return { description: spec.description, content: { "application/problem+json": { schema: schemaRef("Problem") } } };
  return {
    description: spec.description,
    ...(spec.location ? { headers: { Location: { description: "URL of the new resource", schema: { type: "string" } } } } : {}),
    ...(schema ? { content: { [mediaType]: { schema } } } : {}),
  };
}

function responses(operation: ApiOperation): Record<string, ResponseObject> {
  const documented = Object.fromEntries(operation.responses.map((spec) => [String(spec.status), responseObject(spec)]));
  const errors = Object.fromEntries(
    errorStatuses(operation).map((status) => [
      String(status),
      { description: ERROR_DESCRIPTIONS[status], content: { "application/problem+json": { schema: schemaRef("Problem") } } },
    ]),
  );
  return { ...documented, ...errors };
}

function accessNote(operation: ApiOperation): string {
  if (operation.access === "public") return "Public: no credentials needed.";
  if (operation.access === "authenticated") return "Any signed-in caller (session or API key).";
  return `Requires \`${operation.access}\`: ${PERMISSIONS[operation.access]}.`;
}

function operationObject(operation: ApiOperation): OperationObject {
  const body = operation.requestBody;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description}\n\n${accessNote(operation)}`,
    tags: [operation.tag],
    "x-permission": operation.access,
    ...(operation.access === "public" ? { security: [] } : {}),
    parameters: [...pathParameters(operation.path), ...queryParameters(operation)],
    ...(body ? { requestBody: { required: true, content: { [body.mediaType ?? "application/json"]: { schema: schemaRef(body.schema) } } } } : {}),
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
        "Every access to patient data is audited, and so is every refused one. Instants are ISO 8601 date-times " +
        "with a zone; calendar dates (birthDate, startDate, onsetDate …) are `YYYY-MM-DD`, never timestamps. " +
        `Bodies are JSON objects of at most ${MAX_JSON_BODY_BYTES} bytes; a field the schema does not have is refused (422), not ignored. ` +
        "A method a path does not support answers 405 with an Allow header. " +
        "Errors are application/problem+json (RFC 9457).",
    },
    jsonSchemaDialect: DIALECT,
    tags: [...API_TAGS],
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
