import { z } from "zod";
import { AUDIT_EVENTS } from "@/lib/audit/events";
import { AuditActionEnum, AuditStatusEnum, DataCategoryEnum } from "@/lib/audit/schema";
import { requireOrder } from "@/lib/shared-schema/dates";
import { Mrn, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { decodeAuditCursor, type AuditCursor } from "@/lib/audit/cursor";
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
  user: queryParam(singleLine(255).min(1)).describe(
    "User or API key id; or part of a user's name or e-mail, or of an API key's name (case-insensitive, % and _ match themselves); or a recorded name exactly",
  ),
  mrn: queryParam(Mrn).describe("Patient MRN"),
  eventType: queryParam(AuditEventTypeEnum),
  action: queryParam(AuditActionEnum),
  resourceType: queryParam(singleLine(64)).describe("Kind of record acted on, e.g. patient"),
  resourceId: queryParam(singleLine(128)).describe("Id of the record acted on"),
  status: queryParam(AuditStatusEnum).describe("Outcome: success, failure or denied"),
  dataCategory: queryParam(DataCategoryEnum),
  requestId: queryParam(singleLine(64)).describe("Request id (x-request-id)"),
};

const cursorParam = queryParam(z.string().max(2048));

/** Where a page starts: after the row a cursor names (next page) or before it (previous page). */
export interface AuditPagePosition {
  direction: "after" | "before";
  cursor: AuditCursor;
}

/** Keyset pagination: `after` or `before` a cursor (from a page's `next` / `previous`), `pageSize` rows. */
const keysetShape = {
  after: cursorParam.describe("Cursor from a page's `next`: the page after it"),
  before: cursorParam.describe("Cursor from a page's `previous`: the page before it"),
  pageSize: paginationShape.pageSize,
};

interface KeysetInput {
  sort: AuditSortField;
  dir: SortDirection;
  after?: string;
  before?: string;
}

/** Decodes `after` / `before` for the sort they must belong to; an invalid cursor is a validation issue. */
function positionOf(value: KeysetInput, ctx: z.RefinementCtx): AuditPagePosition | undefined {
  if (value.after !== undefined && value.before !== undefined) {
    ctx.addIssue({ code: "custom", path: ["before"], message: "Give either after or before, not both" });
    return undefined;
  }
  const direction = value.after !== undefined ? "after" : value.before !== undefined ? "before" : undefined;
  const encoded = value.after ?? value.before;
  if (!direction || encoded === undefined) return undefined;
  const cursor = decodeAuditCursor(encoded, value.sort, value.dir);
  if (typeof cursor === "string") {
    ctx.addIssue({ code: "custom", path: [direction], message: cursor });
    return undefined;
  }
  return { direction, cursor };
}

/** Newest first: the order of the log, of every report and of the newest-events window. */
const NEWEST_FIRST = { sort: "timestamp", dir: "desc" } as const satisfies Omit<KeysetInput, "after" | "before">;

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
      ...keysetShape,
    })
    .superRefine(rangeInOrder)
    .transform(({ sort, dir, after, before, ...rest }, ctx) => {
      const order = { sort: sort ?? NEWEST_FIRST.sort, dir: dir ?? (sort ? ("asc" as const) : NEWEST_FIRST.dir) };
      return { ...rest, ...order, position: positionOf({ ...order, after, before }, ctx) };
    }),
);
export type AuditSearchCriteria = z.infer<typeof AuditSearchCriteria>;

/** The filter part of the criteria (what an export or a filter summary looks at). */
export type AuditFilter = Omit<AuditSearchCriteria, "sort" | "dir" | "position" | "pageSize">;

export const AUDIT_FILTER_KEYS = Object.keys(filterShape) as (keyof typeof filterShape)[];

/** "Who accessed this patient": by MRN or patient id, optionally within a time range. */
export const PatientAccessReportCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      mrn: queryParam(Mrn),
      patientId: queryParam(Uuid),
      ...range,
      ...keysetShape,
    })
    .superRefine((value, ctx) => {
      if (!value.mrn && !value.patientId) ctx.addIssue({ code: "custom", path: ["mrn"], message: "Enter the patient's MRN" });
      rangeInOrder(value, ctx);
    })
    .transform(({ after, before, ...rest }, ctx) => ({ ...rest, position: positionOf({ ...NEWEST_FIRST, after, before }, ctx) })),
);
export type PatientAccessReportCriteria = z.infer<typeof PatientAccessReportCriteria>;

/** "What did this user access": one user (or API key) by id, optionally within a time range. */
export const UserAccessReportCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      userId: z.preprocess(firstValue, singleLine(64).min(1, "Choose a user")).describe("User or API key id"),
      ...range,
      ...keysetShape,
    })
    .superRefine(rangeInOrder)
    .transform(({ after, before, ...rest }, ctx) => ({ ...rest, position: positionOf({ ...NEWEST_FIRST, after, before }, ctx) })),
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
