import { z } from "zod";
import { AUDIT_SORT_COLUMNS, type AuditColumnType } from "@/lib/audit/columns";
import type { AuditSortField } from "@/lib/audit/criteria";
import type { SortDirection } from "@/lib/shared-schema/query";

// A page boundary of the audit log (keyset pagination): the sort column's value, the timestamp and the id of the
// row the next (or previous) page starts after, and for a sort over the newest events only, the newest id that
// window was taken at, so every page of it sorts the same events. It travels in the URL as base64url JSON, and is
// checked like any other input: a cursor that does not fit the sort is refused, never sent to the database.

export interface AuditCursor {
  /** The sort column's value; null for an empty value (and unused when sorting by id or time). */
  value: string | number | null;
  timestamp: Date;
  id: string;
  /** For a sort over a window of the newest events: the newest id of that window. */
  windowTop: string | null;
}

/** Largest PostgreSQL bigint, the type of audit ids. */
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A positive bigint as decimal text; anything else (too long, above the type's range) is not an audit id. */
export const AuditId = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, "Must be a positive whole number")
  .refine((value) => /^\d+$/.test(value) && BigInt(value) <= MAX_BIGINT, "Must be a valid event id");

const VALUE_SCHEMAS: Record<AuditColumnType, (maxLength?: number) => z.ZodType<string | number>> = {
  text: (maxLength = 1024) => z.string().max(maxLength),
  integer: () => z.number().int().min(-2_147_483_648).max(2_147_483_647),
  uuid: () => z.uuid(),
  bigint: () => AuditId,
  timestamp: () => z.iso.datetime(),
};

function valueSchema(sort: AuditSortField): z.ZodType<string | number | null> {
  const column = AUDIT_SORT_COLUMNS[sort];
  if (sort === "id" || sort === "timestamp") return z.null();
  const schema = VALUE_SCHEMAS[column.type](column.maxLength);
  return column.nullable ? schema.nullable() : schema;
}

const Encoded = z.string().max(2048).regex(/^[A-Za-z0-9_-]+$/);

/** Decodes a cursor for `sort`, or explains why it does not fit. */
export function decodeAuditCursor(encoded: string, sort: AuditSortField, dir: SortDirection): AuditCursor | string {
  const problem = "This page link is not valid for this sort; start again from the first page";
  if (!Encoded.safeParse(encoded).success) return problem;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return problem;
  }
  const parsed = z
    .tuple([z.literal(sort), z.literal(dir), valueSchema(sort), z.iso.datetime(), AuditId, AuditId.nullable()])
    .safeParse(json);
  if (!parsed.success) return problem;
  const [, , value, timestamp, id, windowTop] = parsed.data;
  return { value, timestamp: new Date(timestamp), id, windowTop };
}

/** The cursor of `cursor` within the order sort/dir, for a URL. */
export function encodeAuditCursor(cursor: AuditCursor, sort: AuditSortField, dir: SortDirection): string {
  const payload = [sort, dir, cursor.value, cursor.timestamp.toISOString(), cursor.id, cursor.windowTop];
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}
