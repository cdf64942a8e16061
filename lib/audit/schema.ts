import { z } from "zod";
import { AUDIT_EVENTS, DATA_CATEGORIES, type AuditAction } from "@/lib/audit/events";
import { RoleEnum } from "@/lib/shared-schema/enums";
import { JsonObject, Mrn, nullableField, optionalText, singleLine, Uuid } from "@/lib/shared-schema/fields";

export const AuditStatusEnum = z.enum(["success", "failure", "denied"]).describe("Outcome of the audited action");
export type AuditStatusEnum = z.infer<typeof AuditStatusEnum>;

const AUDIT_ACTIONS = Object.keys(AUDIT_EVENTS).filter((key): key is AuditAction => Object.hasOwn(AUDIT_EVENTS, key));

export const AuditActionEnum = z
  .enum(AUDIT_ACTIONS)
  .describe("Typed event name (lib/audit/events.ts), e.g. patient.viewed");
export type AuditActionEnum = z.infer<typeof AuditActionEnum>;

export const DataCategoryEnum = z.enum(DATA_CATEGORIES).describe("ASTM E2147 category of the patient data touched");
export type DataCategoryEnum = z.infer<typeof DataCategoryEnum>;

const snakeCase = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[a-z][a-z0-9_]*$/, "Lowercase snake_case, e.g. data_access");

/** Client-supplied request metadata is cut to the column size: an audit write must not fail on a long User-Agent. */
function truncated(max: number) {
  return nullableField(
    z.preprocess((value: unknown) => (typeof value === "string" ? value.slice(0, max) : value), z.string().max(max)),
  );
}

export const AuditLogBase = z.object({
  eventType: snakeCase(64).describe("Kind of event, e.g. data_access, authentication"),
  eventCategory: nullableField(snakeCase(64)).describe("Finer grouping, e.g. patient_view"),
  action: AuditActionEnum,
  userId: optionalText(64).describe("Acting user or API key id"),
  username: optionalText(255).describe("Acting user's name or email at the time"),
  userRole: nullableField(RoleEnum),
  resourceType: optionalText(64).describe("Kind of record acted on, e.g. patient"),
  resourceId: optionalText(128).describe("Id of the record acted on"),
  patientId: nullableField(Uuid).describe("Patient whose data was touched"),
  patientMrn: nullableField(Mrn),
  dataCategory: nullableField(DataCategoryEnum),
  ipAddress: nullableField(z.union([z.ipv4(), z.ipv6()], { error: "Must be an IPv4 or IPv6 address" })).describe(
    "Client IP address",
  ),
  userAgent: truncated(512).describe("Client User-Agent (truncated to 512)"),
  requestMethod: nullableField(
    z.string().trim().toUpperCase().regex(/^[A-Z]{3,16}$/, "HTTP method such as GET"),
  ).describe("HTTP method, or MLLP"),
  requestPath: truncated(1024).describe("Request path (truncated to 1024)"),
  requestId: optionalText(64).describe("Request id (x-request-id) tying log lines to this row"),
  status: AuditStatusEnum,
  statusCode: nullableField(z.number().int().min(100).max(599)).describe("HTTP status code"),
  durationMs: nullableField(z.number().int().nonnegative()).describe("Duration in milliseconds"),
  details: nullableField(JsonObject).describe("Event specifics: ids, counts, reasons; never PHI values"),
});
export type AuditLogBase = z.infer<typeof AuditLogBase>;

/**
 * An audit row as the specification's create schema describes it: eventType and eventCategory must be the
 * action's (lib/audit/events.ts). It is not what the writer inserts: lib/audit/writer.ts builds the row from a
 * typed AuditEntry, taking the event fields from AUDIT_EVENTS, and the database sets id, timestamp and the hash
 * chain, so none of them can be forged.
 */
export const AuditLogCreate = AuditLogBase.superRefine((value, ctx) => {
  const event = AUDIT_EVENTS[value.action];
  if (value.eventType !== event.eventType) {
    ctx.addIssue({ code: "custom", path: ["eventType"], message: `${value.action} is a ${event.eventType} event` });
  }
  if (value.eventCategory !== undefined && value.eventCategory !== event.eventCategory) {
    ctx.addIssue({ code: "custom", path: ["eventCategory"], message: `${value.action} is in ${event.eventCategory}` });
  }
});
export type AuditLogCreate = z.infer<typeof AuditLogCreate>;
export type AuditLogCreateInput = z.input<typeof AuditLogCreate>;

/** A stored row; action is any string so events renamed since remain readable. */
export const AuditLogResponse = AuditLogBase.extend({
  id: z
    .union([z.bigint(), z.number().int(), z.string().regex(/^\d+$/)])
    .transform((value) => String(value))
    .pipe(z.string())
    .describe("Sequential id as a decimal string (BigInt in the database)"),
  action: singleLine(128),
  timestamp: z.date(),
  prevHash: z.string().nullable().describe("Hash of the previous row (hash chain)"),
  hash: z.string().describe("SHA-256 of this row and prevHash, set by the database"),
}).required();
export type AuditLogResponse = z.infer<typeof AuditLogResponse>;
