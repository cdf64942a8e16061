import { z } from "zod";
import { requireOrder } from "@/lib/shared-schema/dates";
import { HL7DirectionEnum, HL7StatusEnum } from "@/lib/shared-schema/enums";
import { Mrn, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { paginationShape, prepareQuery, queryInstant, queryParam, SortDirection } from "@/lib/shared-schema/query";

// The message store's list (/hl7): its filters, its one order (when the message was received, newest first by
// default) and its keyset position. The page, and anything else that lists messages, parses with this one schema.

/** A page boundary: the received time and id of the row the next (or previous) page starts after. */
export interface Hl7MessageCursor {
  createdAt: Date;
  id: string;
}

const Encoded = z.string().max(512).regex(/^[A-Za-z0-9_-]+$/);
const CURSOR_PROBLEM = "This page link is not valid for this order; start again from the first page";

/** Decodes a cursor written for `dir`, or explains why it does not fit (it came from a URL: checked like any input). */
export function decodeHl7Cursor(encoded: string, dir: SortDirection): Hl7MessageCursor | string {
  if (!Encoded.safeParse(encoded).success) return CURSOR_PROBLEM;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return CURSOR_PROBLEM;
  }
  const parsed = z.tuple([z.literal(dir), z.iso.datetime(), Uuid]).safeParse(json);
  if (!parsed.success) return CURSOR_PROBLEM;
  return { createdAt: new Date(parsed.data[1]), id: parsed.data[2] };
}

export function encodeHl7Cursor(cursor: Hl7MessageCursor, dir: SortDirection): string {
  return Buffer.from(JSON.stringify([dir, cursor.createdAt.toISOString(), cursor.id]), "utf8").toString("base64url");
}

const code = (max: number, what: string) =>
  z.string().trim().toUpperCase().regex(new RegExp(`^[A-Z0-9_]{1,${max}}$`), `${what} is up to ${max} letters or digits`);

const filterShape = {
  messageType: queryParam(code(16, "Message type")).describe("MSH-9.1, e.g. ADT, ORU, ACK"),
  event: queryParam(code(8, "Event")).describe("MSH-9.2, e.g. A01, R01"),
  status: queryParam(HL7StatusEnum),
  direction: queryParam(HL7DirectionEnum),
  from: queryInstant("start").describe("Received at or after this instant (a date means its start, UTC)"),
  to: queryInstant("end").describe("Received at or before this instant (a date means its end, UTC)"),
  sendingApplication: queryParam(singleLine(255)).describe("MSH-3, exactly"),
  sendingFacility: queryParam(singleLine(255)).describe("MSH-4, exactly"),
  controlId: queryParam(singleLine(199)).describe("MSH-10 message control id, exactly"),
  mrn: queryParam(Mrn).describe("The patient's MRN or any of their identifiers"),
};

export const HL7_FILTER_KEYS = Object.keys(filterShape) as (keyof typeof filterShape)[];

/** The one order of the list: the time Meridian stored the message (ties broken by id). */
export const HL7_SORT_FIELD = "createdAt";

export interface Hl7PagePosition {
  direction: "after" | "before";
  cursor: Hl7MessageCursor;
}

const cursorParam = queryParam(z.string().max(512));

export const Hl7MessageSearchCriteria = z.preprocess(
  prepareQuery,
  z
    .object({
      ...filterShape,
      sort: queryParam(z.literal(HL7_SORT_FIELD, { error: `sort must be ${HL7_SORT_FIELD}` })),
      dir: queryParam(SortDirection).describe("desc (newest first, the default) or asc"),
      after: cursorParam.describe("Cursor from a page's `next`"),
      before: cursorParam.describe("Cursor from a page's `previous`"),
      pageSize: paginationShape.pageSize,
    })
    .superRefine((value, ctx) => requireOrder(ctx, value.from, value.to, ["to"], "'to' must not be before 'from'"))
    .transform(({ sort: _sort, dir = "desc", after, before, ...rest }, ctx) => {
      if (after !== undefined && before !== undefined) {
        ctx.addIssue({ code: "custom", path: ["before"], message: "Give either after or before, not both" });
        return { ...rest, dir, position: undefined };
      }
      const direction = after !== undefined ? ("after" as const) : before !== undefined ? ("before" as const) : undefined;
      const encoded = after ?? before;
      if (!direction || encoded === undefined) return { ...rest, dir, position: undefined };
      const cursor = decodeHl7Cursor(encoded, dir);
      if (typeof cursor === "string") {
        ctx.addIssue({ code: "custom", path: [direction], message: cursor });
        return { ...rest, dir, position: undefined };
      }
      return { ...rest, dir, position: { direction, cursor } as Hl7PagePosition };
    }),
);
export type Hl7MessageSearchCriteria = z.infer<typeof Hl7MessageSearchCriteria>;
export type Hl7MessageFilter = Omit<Hl7MessageSearchCriteria, "dir" | "position" | "pageSize">;

/** Reprocessing: the failed messages chosen in the list (or the one open message). */
export const ReprocessHl7Input = z.object({
  ids: z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]), z.array(Uuid).min(1, "Choose at least one message").max(100, "At most 100 messages at a time")),
});
export type ReprocessHl7Input = z.infer<typeof ReprocessHl7Input>;
