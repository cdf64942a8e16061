import { z } from "zod";
import type { AuditEventPage } from "@/lib/audit/types";

// The audit log as GET /api/v1/audit answers it (lib/audit/types.ts is the DTO; this is its documented form).

const nullableText = (description: string) => z.string().nullable().describe(description);

export const AuditEventSummary = z
  .object({
    id: z.string().describe("Sequential id as a decimal string"),
    timestamp: z.date(),
    eventType: z.string().describe("Kind of event, e.g. data_access"),
    eventCategory: nullableText("Finer grouping, e.g. patient_view"),
    action: z.string().describe("Typed event name, e.g. patient.viewed"),
    userId: nullableText("Acting user or API key id"),
    username: nullableText("Acting user's name or email at the time"),
    userRole: nullableText("Role at the time"),
    resourceType: nullableText("Kind of record acted on"),
    resourceId: nullableText("Id of the record acted on"),
    patientId: nullableText("Patient whose data was touched"),
    patientMrn: nullableText("That patient's MRN"),
    dataCategory: nullableText("ASTM E2147 category of the data touched"),
    ipAddress: nullableText("Client address"),
    userAgent: nullableText("Client User-Agent"),
    requestMethod: nullableText("HTTP method"),
    requestPath: nullableText("Request path"),
    requestId: nullableText("The server's request id"),
    status: z.string().describe("success, failure or denied"),
    statusCode: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    emergencyAccess: z.boolean().describe("An emergency (break the glass) access, flagged for review"),
    emergencyReason: nullableText("The reason given for it"),
  })
  .describe("One audit event");

export const AuditEventPageResponse = z
  .object({
    data: z.array(AuditEventSummary),
    pageSize: z.number().int().min(1).max(100),
    total: z.number().int().nonnegative().describe("Matching events; above 10,000 an estimate (totalIsEstimate)"),
    totalIsEstimate: z.boolean(),
    sortWindow: z.number().int().nullable().describe("Set when the sort orders only the newest this-many matching events"),
    next: z.string().nullable().describe("Cursor of the next page: pass it as `after`; null on the last page"),
    previous: z.string().nullable().describe("Cursor of the previous page: pass it as `before`; null on the first"),
  })
  .describe("One page of the audit log (keyset pagination)") satisfies z.ZodType<AuditEventPage>;
