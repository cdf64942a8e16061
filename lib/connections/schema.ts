import { z } from "zod";
import { ConnectionEndpoint, requiredSecrets } from "@/lib/connections/endpoint";
import { ConnectionSlug } from "@/lib/connections/schema-fields";
import { EMRTypeEnum } from "@/lib/shared-schema/enums";
import { Counter, JsonObject, nullableField, requiredText, singleLine, Uuid } from "@/lib/shared-schema/fields";

const configShape = {
  timeoutMs: z.coerce.number().int("A whole number").min(1_000, "1,000 to 60,000 ms").max(60_000, "1,000 to 60,000 ms").optional().describe("How long a test waits for the EMR, in ms; 10,000 when not given"),
  tenantId: singleLine(255).optional().describe("The EMR's tenant or organisation id, for reference"),
  contact: singleLine(255).optional().describe("Who to call at the EMR's side when the connection is down"),
};

/**
 * Extra non-secret settings. Named fields, not a free-form map: request bodies refuse unknown fields, and a map would
 * invite a secret into a column that is returned to every reader.
 */
export const ConnectionConfig = z.strictObject(configShape).describe("Extra non-secret settings");
export type ConnectionConfig = z.infer<typeof ConnectionConfig>;

/** The settings as returned: only the named fields, whatever else (or however invalid) an older row holds. */
export const ConnectionConfigView = z
  .object({
    timeoutMs: configShape.timeoutMs.catch(undefined),
    tenantId: configShape.tenantId.catch(undefined),
    contact: configShape.contact.catch(undefined),
  })
  .catch({})
  .describe("Extra non-secret settings");

const Secret = z.string().min(1, "Empty secret").max(16_384, "At most 16,384 characters");

/** Write-only secrets, by the name the endpoint's auth uses; encrypted at rest, never returned. */
export const ConnectionCredentials = z
  .strictObject({
    password: Secret.optional().describe("Basic auth password"),
    clientSecret: Secret.optional().describe("OAuth2 client secret"),
    privateKeyPem: Secret.optional().describe("PEM private key signing the private_key_jwt client assertion"),
  })
  .refine((value) => Object.values(value).some((secret) => secret !== undefined), "Give at least one credential, or null to remove them")
  .describe("Secrets by name; write-only");

export const EMRConnectionBase = z.strictObject({
  connectionId: ConnectionSlug,
  name: requiredText(255).describe("Display name"),
  emrType: EMRTypeEnum,
  endpoint: ConnectionEndpoint,
  config: ConnectionConfig.optional().describe("Extra non-secret settings; none when not given"),
  isActive: z.boolean().optional().describe("Whether Meridian uses the connection; true when not given"),
});
export type EMRConnectionBase = z.infer<typeof EMRConnectionBase>;

/**
 * Issues at `credentials.<name>` for the secrets the endpoint's auth needs and `names` lacks, and for those it names
 * that the auth does not use: a connection holds exactly the secrets its auth needs, none left behind.
 */
export function secretIssues(endpoint: ConnectionEndpoint, names: readonly string[]): { path: string[]; message: string }[] {
  const required = requiredSecrets(endpoint);
  const auth = endpoint.kind === "fhir_rest" ? `${endpoint.auth.type} authentication` : "HL7 MLLP connections";
  return [
    ...required.filter((name) => !names.includes(name)).map((name) => ({ path: ["credentials", name], message: `Required for ${auth}` })),
    ...names.filter((name) => !required.includes(name)).map((name) => ({ path: ["credentials", name], message: `Not used by ${auth}` })),
  ];
}

export const EMRConnectionCreate = EMRConnectionBase.extend({
  credentials: nullableField(ConnectionCredentials),
}).superRefine((value, ctx) => {
  for (const issue of secretIssues(value.endpoint, Object.keys(value.credentials ?? {}))) ctx.addIssue({ code: "custom", ...issue });
});
export type EMRConnectionCreate = z.infer<typeof EMRConnectionCreate>;
export type EMRConnectionCreateInput = z.input<typeof EMRConnectionCreate>;

/**
 * Any subset; `credentials` adds or replaces the named secrets (the others stay), null removes them all. Whether the
 * endpoint's auth then has its secrets is checked against what is stored, and secrets a changed auth no longer uses
 * are dropped (lib/connections/service.ts).
 */
export const EMRConnectionUpdate = EMRConnectionBase.partial().extend({
  credentials: nullableField(ConnectionCredentials),
});
export type EMRConnectionUpdate = z.infer<typeof EMRConnectionUpdate>;
export type EMRConnectionUpdateInput = z.input<typeof EMRConnectionUpdate>;

export const ConnectionTestView = z.object({
  id: z.string(),
  testedAt: z.date(),
  success: z.boolean(),
  outcome: z.string(),
  message: z.string(),
  latencyMs: z.number().int().nullable(),
  details: JsonObject,
  testedBy: z.string(),
});
export type ConnectionTestView = z.infer<typeof ConnectionTestView>;

/** A connection as returned: never the credentials, only which of them are stored. */
export const EMRConnectionResponse = z.object({
  ...EMRConnectionBase.shape,
  id: Uuid,
  config: ConnectionConfigView,
  isActive: z.boolean(),
  isConnected: z.boolean(),
  baseUrl: z.string().nullable(),
  fhirVersion: z.string().nullable(),
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
  credentialNames: z.array(z.string()).describe("Names of the stored secrets, e.g. clientSecret; never their values"),
  deactivatedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type EMRConnectionResponse = z.infer<typeof EMRConnectionResponse>;

/** One row of the connections list: status, last test and the last hour's traffic. */
export const ConnectionListItem = z.object({
  id: Uuid,
  connectionId: z.string(),
  name: z.string(),
  emrType: EMRTypeEnum,
  kind: z.enum(["fhir_rest", "mllp_inbound", "mllp_outbound"]),
  isActive: z.boolean(),
  isConnected: z.boolean(),
  lastTestAt: z.date().nullable(),
  lastTestSuccess: z.boolean().nullable(),
  lastTestMessage: z.string().nullable(),
  messagesLastHour: z.number().int().nonnegative().describe("Inbound feeds: HL7 messages received; other kinds: requests made. The last 60 minutes from hourly counts (the previous hour pro rata)"),
  failuresLastHour: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1).nullable().describe("failuresLastHour / messagesLastHour; null without traffic"),
});
export type ConnectionListItem = z.infer<typeof ConnectionListItem>;
