import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { withReadPool } from "@/lib/db/read-routing";

// The HL7 feed: inbound messages per minute by status over the last hour, the error rate, how long a message took
// from arrival to its ACK, each connection's last message, and the failed messages waiting for reprocessing. Every
// query reads an index range of the last hour or day (created_at), never the whole message store; on a read
// replica when one may serve.

export interface Hl7MinutePoint {
  minute: string;
  processed: number;
  error: number;
  other: number;
}

export interface Hl7Panel {
  takenAt: Date;
  perMinute: Hl7MinutePoint[];
  lastHour: { total: number; errors: number; errorRate: number | null; ackMsAverage: number | null; ackMsP95: number | null };
  lastDay: { total: number; errors: number };
  lastPerConnection: { connectionId: string; name: string; lastMessageAt: Date | null }[];
  waitingForReprocessing: number;
}

export async function hl7Panel(ctx: AuthContext): Promise<Hl7Panel> {
  await assertCan(ctx, "dashboards:read");
  const [minutes, hour, day, last, waiting] = await withReadPool(ctx.actor, (pool) => Promise.all([
    pool.query<{ minute: Date; processed: string; error: string; other: string }>(
      `SELECT date_trunc('minute', created_at) AS minute,
              count(*) FILTER (WHERE status = 'processed') AS processed, count(*) FILTER (WHERE status = 'error') AS error,
              count(*) FILTER (WHERE status NOT IN ('processed', 'error')) AS other
       FROM hl7_messages WHERE direction = 'inbound' AND created_at > now() - interval '60 minutes' GROUP BY 1 ORDER BY 1`,
    ),
    pool.query<{ total: string; errors: string; avg: number | null; p95: number | null }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status = 'error') AS errors,
              avg(extract(epoch FROM ack_at - created_at) * 1000)::float8 AS avg,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM ack_at - created_at) * 1000)::float8 AS p95
       FROM hl7_messages WHERE direction = 'inbound' AND created_at > now() - interval '1 hour'`,
    ),
    pool.query<{ total: string; errors: string }>(
      "SELECT count(*) AS total, count(*) FILTER (WHERE status = 'error') AS errors FROM hl7_messages WHERE direction = 'inbound' AND created_at > now() - interval '24 hours'",
    ),
    pool.query<{ id: string; name: string; last: Date | null }>(
      `SELECT c.id, c.name, (SELECT max(m.created_at) FROM hl7_messages m WHERE m.connection_id = c.id) AS last
       FROM emr_connections c WHERE c.endpoint_kind = 'mllp_inbound' ORDER BY lower(c.name)`,
    ),
    pool.query<{ count: string }>("SELECT count(*) AS count FROM hl7_messages WHERE direction = 'inbound' AND status = 'error'"),
  ]));
  const total = Number(hour.rows[0]?.total ?? 0);
  const errors = Number(hour.rows[0]?.errors ?? 0);
  return {
    takenAt: new Date(),
    perMinute: minutes.rows.map((row) => ({ minute: row.minute.toISOString(), processed: Number(row.processed), error: Number(row.error), other: Number(row.other) })),
    lastHour: { total, errors, errorRate: total > 0 ? errors / total : null, ackMsAverage: hour.rows[0]?.avg ?? null, ackMsP95: hour.rows[0]?.p95 ?? null },
    lastDay: { total: Number(day.rows[0]?.total ?? 0), errors: Number(day.rows[0]?.errors ?? 0) },
    lastPerConnection: last.rows.map((row) => ({ connectionId: row.id, name: row.name, lastMessageAt: row.last })),
    waitingForReprocessing: Number(waiting.rows[0]?.count ?? 0),
  };
}
