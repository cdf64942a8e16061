import { z } from "zod";
import { EMRTypeEnum } from "@/lib/shared-schema/enums";
import { Counter, JsonObject, nullableField, optionalText, requiredText, Uuid } from "@/lib/shared-schema/fields";

const SECRET_KEY = /pass(?:word)?|secret|token|api[-_]?key|private[-_]?key|credential/i;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["localhost", "127.0.0.1", "[::1]"]);

export const ConnectionSlug = z
  .string()
  .trim()
  .toLowerCase()
  .max(64, "At most 64 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes, e.g. epic-prod")
  .describe("Stable connection identifier (slug), e.g. epic-prod");

function isSecureOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** PHI travels over TLS: https, except plain http to this machine for local EMR sandboxes. */
export const ConnectionBaseUrl = z
  .string()
  .trim()
  .max(1024, "At most 1024 characters")
  .check(z.url({ protocol: /^https?$/, error: "Must be an http(s) URL" }))
  .refine(isSecureOrLoopback, "Must use https (http only for localhost)")
  .describe("Base URL of the EMR API (FHIR base), https");

function secretPaths(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    SECRET_KEY.test(key) ? [[...path, key]] : secretPaths(child, [...path, key]),
  );
}

/** Non-secret settings; keys that look like secrets are rejected because config is returned to clients. */
export const ConnectionConfig = JsonObject.superRefine((value, ctx) => {
  for (const path of secretPaths(value)) {
    ctx.addIssue({ code: "custom", path, message: "Secrets belong in credentials, which are stored encrypted" });
  }
}).describe("Connection settings (non-secret), e.g. { clientId, scopes, timeoutMs }");

/** Write-only secrets (client secret, password, private key …); encrypted at rest, never returned. */
export const ConnectionCredentials = z
  .record(z.string().trim().min(1).max(128), z.string().min(1, "Empty secret").max(16_384))
  .refine((value) => Object.keys(value).length > 0, "Give at least one credential or null to remove them")
  .refine((value) => Object.keys(value).length <= 32, "At most 32 credentials")
  .describe("Secrets as name → value; write-only");

export const EMRConnectionBase = z.object({
  connectionId: ConnectionSlug,
  name: requiredText(255).describe("Display name"),
  emrType: EMRTypeEnum,
  baseUrl: nullableField(ConnectionBaseUrl),
  fhirVersion: optionalText(16).describe("FHIR version, e.g. R4 or 4.0.1"),
  config: ConnectionConfig.optional(),
  isActive: z.boolean().optional().describe("Whether Meridian uses the connection; true when not given"),
});
export type EMRConnectionBase = z.infer<typeof EMRConnectionBase>;

export const EMRConnectionCreate = EMRConnectionBase.extend({
  credentials: nullableField(ConnectionCredentials),
});
export type EMRConnectionCreate = z.infer<typeof EMRConnectionCreate>;
export type EMRConnectionCreateInput = z.input<typeof EMRConnectionCreate>;

/** Any subset of EMRConnectionCreate; `credentials` replaces the stored secrets, null removes them. */
export const EMRConnectionUpdate = EMRConnectionCreate.partial();
export type EMRConnectionUpdate = z.infer<typeof EMRConnectionUpdate>;
export type EMRConnectionUpdateInput = z.input<typeof EMRConnectionUpdate>;

/** A connection as returned: never the credentials, only whether some are stored. */
export const EMRConnectionResponse = EMRConnectionBase.extend({
  id: Uuid,
  config: JsonObject,
  isActive: z.boolean(),
  isConnected: z.boolean(),
  lastConnectedAt: z.date().nullable(),
  totalRequests: Counter,
  successfulRequests: Counter,
  failedRequests: Counter,
  avgResponseTimeMs: z.number().nonnegative().nullable(),
  lastError: z.string().nullable(),
  lastTestAt: z.date().nullable(),
  lastTestSuccess: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  lastTestLatencyMs: z.number().int().nonnegative().nullable(),
  hasCredentials: z.boolean().describe("Whether credentials are stored (they are never returned)"),
  createdAt: z.date(),
  updatedAt: z.date(),
}).required();
export type EMRConnectionResponse = z.infer<typeof EMRConnectionResponse>;
