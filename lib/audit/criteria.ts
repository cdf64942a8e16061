import { z } from "zod";
import { AUDIT_EVENTS } from "@/lib/audit/events";
import { AuditActionEnum, AuditStatusEnum, DataCategoryEnum } from "@/lib/audit/schema";
import { requireOrder } from "@/lib/shared-schema/dates";
import { Mrn, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { firstValue, paginationShape, prepareQuery, queryInstant, queryParam, SortDirection } from "@/lib/shared-schema/query";

/** Every column the audit log can be sorted by (ONC 170.315(d)(3): reports sortable by every field). */
export const AUDIT_SORT_FIELDS = [
  "id",
  "timestamp",
  "eventType",
  "eventCategory",
  "action",
  "userId",
  "username",
  "userRole",
  "resourceType",
  "resourceId",
  "patientId",
  "patientMrn",
  "dataCategory",
  "ipAddress",
  "userAgent",
  "requestMethod",
  "requestPath",
  "requestId",
  "status",
  "statusCode",
  "durationMs",
] as const;

export const AuditSortField = z.enum(AUDIT_SORT_FIELDS, { error: `sort must be one of ${AUDIT_SORT_FIELDS.join(", ")}` });
export type AuditSortField = z.infer<typeof AuditSortField>;

export const AUDIT_EVENT_TYPES = [...new Set(Object.values(AUDIT_EVENTS).map((event) => event.eventType))];
export const AuditEventTypeEnum = z.enum(AUDIT_EVENT_TYPES).describe("Kind of event, e.g. data_access");

/** The emergency-access ("break the glass") event: every one of them is flagged for review. */
export const EMERGENCY_ACCESS_ACTION = "patient.emergency_access";

const range = {
  from: queryInstant("start").describe("Events at or after this instant (a date means its start, UTC)"),
  to: queryInstant("end").describe("Events at or before this instant (a date means its end, UTC)"),
};

function rangeInOrder(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  requireOrder(ctx, value.from, value.to, ["to"], "'to' must not be before 'from'");
}

const filterShape = {
  ...range,
  user: queryParam(singleLine(255).min(1)).describe("User id, or part of the user's name or e-mail"),
  mrn: queryParam(Mrn).describe("Patient MRN"),
  eventType: queryParam(AuditEventTypeEnum),
  action: queryParam(AuditActionEnum),
  resourceType: queryParam(singleLine(64)).describe("Kind of record acted on, e.g. patient"),
  resourceId: queryParam(singleLine(128)).describe("Id of the record acted on"),
  status: queryParam(AuditStatusEnum).describe("Outcome: success, failure or denied"),
  dataCategory: queryParam(DataCategoryEnum),
  requestId: queryParam(singleLine(64)).describe("Request id (x-request-id)"),
};

/**
 * The audit log's filters, sort and page, from a URL query (URLSearchParams or a Next.js searchParams record) or
 * JSON. The audit page, the CSV export route and the JSON API all parse with this one schema. Without `sort` the
 * newest events come first; with `sort` and no `dir`, ascending.
 */
export const AuditSearchCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      ...filterShape,
      sort: queryParam(AuditSortField).describe(`Sort field (${AUDIT_SORT_FIELDS.join(", ")}); prefix with "-" for descending`),
      dir: queryParam(SortDirection).describe("Sort direction; asc when sort is given, else newest first"),
      ...paginationShape,
    })
    .superRefine(rangeInOrder)
    .transform(({ sort, dir, ...rest }) => ({
      ...rest,
      sort: sort ?? ("timestamp" as const),
      dir: dir ?? (sort ? ("asc" as const) : ("desc" as const)),
    })),
);
export type AuditSearchCriteria = z.infer<typeof AuditSearchCriteria>;

/** The filter part of the criteria (what an export or a filter summary looks at). */
export type AuditFilter = Omit<AuditSearchCriteria, "sort" | "dir" | "page" | "pageSize">;

export const AUDIT_FILTER_KEYS = Object.keys(filterShape) as (keyof typeof filterShape)[];

/** "Who accessed this patient": by MRN or patient id, optionally within a time range. */
export const PatientAccessReportCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      mrn: queryParam(Mrn),
      patientId: queryParam(Uuid),
      ...range,
      ...paginationShape,
    })
    .superRefine((value, ctx) => {
      if (!value.mrn && !value.patientId) ctx.addIssue({ code: "custom", path: ["mrn"], message: "Enter the patient's MRN" });
      rangeInOrder(value, ctx);
    }),
);
export type PatientAccessReportCriteria = z.infer<typeof PatientAccessReportCriteria>;

/** "What did this user access": one user (or API key) by id, optionally within a time range. */
export const UserAccessReportCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      userId: z.preprocess(firstValue, singleLine(64).min(1, "Choose a user")).describe("User or API key id"),
      ...range,
      ...paginationShape,
    })
    .superRefine(rangeInOrder),
);
export type UserAccessReportCriteria = z.infer<typeof UserAccessReportCriteria>;

/** Finding the user for a report by part of their name or e-mail. */
export const AuditUserLookup = z.preprocess(
  prepareQuery,
  z.object({ q: z.preprocess(firstValue, singleLine(255).min(2, "Enter at least 2 characters")) }),
);
export type AuditUserLookup = z.infer<typeof AuditUserLookup>;

/**
 * The verify-chain form posts `intent=verify`: the action has nothing else to take, and an explicit intent means an
 * empty or stray post is rejected instead of starting a full-table verification.
 */
export const VerifyChainInput = z.object({ intent: z.literal("verify", { error: "Expected intent=verify" }) });
