import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RetentionClassKey } from "@/lib/retention/policy";

// The SQL of each class the retention job deletes or purges (the audit trail is archived by lib/audit/archive.ts):
// which rows are past the cutoff, and one batch of them. A batch names its rows by a bounded subquery, so each
// statement touches at most `limit` rows; rows locked by a running request are skipped and taken the next night.

export type PurgedClassKey = Exclude<RetentionClassKey, "audit_trail">;

export interface Purge {
  /** The rows past `cutoff`, as a WHERE condition. */
  due: (cutoff: Date) => Prisma.Sql;
  table: string;
  /** Purges or deletes at most `limit` of them; returns the number it did. */
  batch: (cutoff: Date, limit: number, now: Date) => Prisma.Sql;
}

/** Deletes by physical row id: one shape for every table, whatever its key (several have composite keys). */
function deleteBatch(table: string, due: (cutoff: Date) => Prisma.Sql): Purge["batch"] {
  const name = Prisma.raw(table);
  return (cutoff, limit) => Prisma.sql`
    WITH gone AS (
      DELETE FROM ${name} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${name} WHERE ${due(cutoff)} LIMIT ${limit} FOR UPDATE SKIP LOCKED))
      RETURNING 1)
    SELECT count(*)::int AS count FROM gone`;
}

function deletion(table: string, due: (cutoff: Date) => Prisma.Sql): Purge {
  return { table, due, batch: deleteBatch(table, due) };
}

const hl7RawDue = (cutoff: Date) => Prisma.sql`raw_purged_at IS NULL AND created_at < ${cutoff}`;

export const PURGES: Record<PurgedClassKey, Purge> = {
  // The text goes (raw_message and parsed_data, its parsed form); the row keeps its metadata, status, ACK and links to
  // the records it produced (hl7_message_changes), and says when its text was purged.
  hl7_raw: {
    table: "hl7_messages",
    due: hl7RawDue,
    batch: (cutoff, limit, now) => Prisma.sql`
      WITH purged AS (
        UPDATE hl7_messages SET raw_message = NULL, parsed_data = NULL, raw_purged_at = ${now}
        WHERE id = ANY(ARRAY(SELECT id FROM hl7_messages WHERE ${hl7RawDue(cutoff)} ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED))
        RETURNING 1)
      SELECT count(*)::int AS count FROM purged`,
  },
  // alert_events go with their alert (ON DELETE CASCADE).
  resolved_alerts: deletion("alerts", (cutoff) => Prisma.sql`status = 'resolved' AND resolved_at < ${cutoff}`),
  ended_sessions: deletion("user_sessions", (cutoff) => Prisma.sql`coalesce(ended_at, expires_at) < ${cutoff}`),
  connection_statistics: deletion("connection_statistics", (cutoff) => Prisma.sql`hour < ${cutoff}`),
  system_samples: deletion("system_statistics_samples", (cutoff) => Prisma.sql`taken_at < ${cutoff}`),
  worker_heartbeats: deletion("worker_heartbeats", (cutoff) => Prisma.sql`beat_at < ${cutoff}`),
  user_chart_days: deletion("user_chart_days", (cutoff) => Prisma.sql`day < (${cutoff}::timestamptz AT TIME ZONE 'UTC')::date`),
};

export function countDue(purge: Purge, cutoff: Date): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM ${Prisma.raw(purge.table)} WHERE ${purge.due(cutoff)}`;
}
