import type { Hl7MessageCursor, Hl7MessageFilter } from "@/lib/hl7/store/criteria";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SortDirection } from "@/lib/shared-schema/query";

// The message store's statements. Each filter is an equality (or the time range) on the leading column(s) of one of
// the (…, created_at, id) indexes of migration 20261205011000, so a page is one index range read in order, a page's
// worth of entries long: no sequential scan and no sort, however many messages the table holds (see
// store-indexes.int.test.ts, which checks every filter's plan). The MRN is resolved to patient ids first.

/** The filter as SQL conditions on `m` (hl7_messages); `patientIds` is the MRN resolved (resolvePatientIds). */
export function hl7FilterSql(filter: Hl7MessageFilter, patientIds: string[] | null): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.messageType) conditions.push(Prisma.sql`m.message_type = ${filter.messageType}`);
  if (filter.event) conditions.push(Prisma.sql`m.trigger_event = ${filter.event}`);
  if (filter.status) conditions.push(Prisma.sql`m.status = ${filter.status}::"HL7Status"`);
  if (filter.direction) conditions.push(Prisma.sql`m.direction = ${filter.direction}::"HL7Direction"`);
  if (filter.from) conditions.push(Prisma.sql`m.created_at >= ${filter.from}::timestamptz`);
  if (filter.to) conditions.push(Prisma.sql`m.created_at <= ${filter.to}::timestamptz`);
  if (filter.sendingApplication !== undefined) conditions.push(Prisma.sql`m.sending_application = ${filter.sendingApplication}`);
  if (filter.sendingFacility !== undefined) conditions.push(Prisma.sql`m.sending_facility = ${filter.sendingFacility}`);
  if (filter.controlId !== undefined) conditions.push(Prisma.sql`m.message_control_id = ${filter.controlId}`);
  if (patientIds) conditions.push(Prisma.sql`m.patient_id = ANY(${patientIds}::uuid[])`);
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`true`;
}

/** The patients an MRN names: as any identifier (an old MRN after a merge too), or as a patient's shown MRN. */
export function patientIdsStatement(mrn: string): Prisma.Sql {
  return Prisma.sql`
    SELECT patient_id::text AS id FROM patient_identifiers WHERE value = ${mrn}
    UNION SELECT id::text FROM patients WHERE mrn = ${mrn}`;
}

export interface Hl7PageRow extends Record<string, unknown> {
  id: string;
  createdAt: Date;
}

const LISTED = Prisma.sql`m.id::text AS id, m.created_at AS "createdAt", m.message_datetime AS "messageDatetime",
  m.message_type AS "messageType", m.trigger_event AS "triggerEvent", m.message_control_id AS "controlId",
  m.direction::text AS direction, m.sending_application AS "sendingApplication", m.sending_facility AS "sendingFacility",
  m.status::text AS status, m.ack_code AS "ackCode", m.retry_count AS "retryCount", m.error_code AS "errorCode",
  m.error_location AS "errorLocation", m.transport, m.patient_id::text AS "patientId"`;

/** One page in received order after the cursor (from the start without one); the patient's MRN joined to its rows. */
export function hl7PageStatement(filter: Prisma.Sql, dir: SortDirection, after: Hl7MessageCursor | undefined, limit: number): Prisma.Sql {
  const order = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  const start = after
    ? Prisma.sql`(m.created_at, m.id) ${Prisma.raw(dir === "asc" ? ">" : "<")} (${after.createdAt}::timestamptz, ${after.id}::uuid)`
    : Prisma.sql`true`;
  return Prisma.sql`
    SELECT page.*, p.mrn AS "patientMrn", p.mrn_authority AS "patientMrnAuthority"
    FROM (SELECT ${LISTED} FROM hl7_messages AS m WHERE ${filter} AND ${start}
          ORDER BY m.created_at ${order}, m.id ${order} LIMIT ${limit}) AS page
    LEFT JOIN patients AS p ON p.id = page."patientId"::uuid
    ORDER BY page."createdAt" ${order}, page.id ${order}`;
}

/** Counting stops here; larger result sets report the planner's estimate. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * How many match, counting no further than EXACT_COUNT_LIMIT + 1, in the list's order: the same index range the
 * page reads (an index-only scan where the filter is the index's), never a walk of the table.
 */
export function cappedCountStatement(filter: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM (
    SELECT 1 FROM hl7_messages AS m WHERE ${filter} ORDER BY m.created_at DESC, m.id DESC LIMIT ${EXACT_COUNT_LIMIT + 1}) AS capped`;
}

export function countEstimateStatement(filter: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM hl7_messages AS m WHERE ${filter}`;
}

/**
 * Inbound messages stored in the last hour, and of them the processed and the failed: each count one range of the
 * (direction | status, created_at, id) index, read without the table (outbound ACKs are `sent`, never processed or
 * failed, so the status counts need no direction).
 */
export function liveCountsStatement(): Prisma.Sql {
  const since = Prisma.sql`now() - interval '1 hour'`;
  return Prisma.sql`SELECT
    (SELECT count(*) FROM hl7_messages WHERE direction = 'inbound' AND created_at >= ${since})::int AS received,
    (SELECT count(*) FROM hl7_messages WHERE status = 'processed' AND created_at >= ${since})::int AS processed,
    (SELECT count(*) FROM hl7_messages WHERE status = 'error' AND created_at >= ${since})::int AS failed`;
}
