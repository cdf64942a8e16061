import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { ConnectionListCriteria, ConnectionSortField } from "@/lib/connections/criteria";
import { credentialNames } from "@/lib/connections/credentials";
import type { ConnectionDetailResponse } from "@/lib/connections/detail-schema";
import { lastHourWindow, type LastHourWindow } from "@/lib/connections/last-hour";
import { addBuckets, percentileFromBuckets } from "@/lib/connections/latency";
import { pendingConnectionStatistics } from "@/lib/connections/statistics";
import { ConnectionListItem, ConnectionTestView, EMRConnectionResponse } from "@/lib/connections/schema";
import type { Page } from "@/lib/patients/page";
import { db, dbPool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { Uuid } from "@/lib/shared-schema/fields";

// Connections are read with connections:read (admin, compliance). Nothing here is patient data, so reads are not
// audited; changes and tests are (lib/connections/service.ts, testing.ts). Credentials never leave this layer:
// only the names of the stored secrets do.

const ORDER: Record<ConnectionSortField, string> = {
  name: "lower(c.name)",
  emrType: "c.emr_type::text",
  kind: "c.endpoint_kind::text",
  lastTestAt: "c.last_test_at",
  messagesLastHour: "traffic.messages",
};

interface ListRecord {
  id: string;
  connection_id: string;
  name: string;
  emr_type: string;
  kind: string;
  is_active: boolean;
  is_connected: boolean;
  last_test_at: Date | null;
  last_test_success: boolean | null;
  last_test_message: string | null;
  messages: string;
  failures: string;
  total_count: string;
}

/** Requests counted but not yet flushed to PostgreSQL (Redis), per connection, over the same window. */
async function liveTraffic(window: LastHourWindow) {
  const live = { ids: [] as string[], messages: [] as number[], failures: [] as number[] };
  for (const [id, held] of await pendingConnectionStatistics()) {
    if (!Uuid.safeParse(id).success) continue;
    live.ids.push(id);
    live.messages.push(held.hours.reduce((sum, hour) => sum + hour.total * window.weightOf(hour.hour), 0));
    live.failures.push(held.hours.reduce((sum, hour) => sum + hour.failed * window.weightOf(hour.hour), 0));
  }
  return live;
}

export async function listConnections(ctx: AuthContext, criteria: ConnectionListCriteria): Promise<Page<ConnectionListItem>> {
  await assertCan(ctx, "connections:read");
  const window = lastHourWindow();
  const live = await liveTraffic(window);
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const thisHour = param(window.thisHour);
  const previousShare = param(window.previousShare);
  const liveRows = `unnest(${param(live.ids)}::uuid[], ${param(live.messages)}::float8[], ${param(live.failures)}::float8[])`;
  const where: string[] = [];
  if (criteria.q) {
    const pattern = param(`%${criteria.q.replace(/[\\%_]/g, "\\$&")}%`);
    where.push(`(c.name ILIKE ${pattern} OR c.connection_id ILIKE ${pattern})`);
  }
  if (criteria.status === "active") where.push("c.is_active");
  if (criteria.status === "inactive") where.push("NOT c.is_active");
  if (criteria.status === "connected") where.push("c.is_active AND c.is_connected");
  if (criteria.status === "down") where.push("c.is_active AND NOT c.is_connected AND c.last_test_at IS NOT NULL");
  if (criteria.status === "untested") where.push("c.is_active AND NOT c.is_connected AND c.last_test_at IS NULL");
  if (criteria.kind) where.push(`c.endpoint_kind = ${param(criteria.kind)}::"EndpointKind"`);
  if (criteria.emrType) where.push(`c.emr_type = ${param(criteria.emrType)}::"EMRType"`);
  const order = ORDER[criteria.sort ?? "name"];
  const direction = criteria.dir === "desc" ? "DESC NULLS LAST" : "ASC NULLS LAST";
  // Every kind's traffic comes from its hourly request statistics: an inbound feed counts each message it delivers
  // there too (failed = refused or in error on arrival, as the message's status then says). Two rows per connection
  // answer what counting hl7_messages would at a cost that grows with the traffic (measured: 2 ms for 20 connections,
  // against 0.3 s plus 0.4 s of JIT compilation counting 225,000 messages of the hour on five feeds), and the
  // dashboards read the same rows. The counts Redis holds until the worker's next flush are added in SQL, so the
  // order matches the figures shown.
  const { rows } = await dbPool().query<ListRecord>(
    `SELECT c.id, c.connection_id, c.name, c.emr_type, c.endpoint_kind AS kind, c.is_active, c.is_connected,
            c.last_test_at, c.last_test_success, c.last_test_message, traffic.messages, traffic.failures,
            count(*) OVER () AS total_count
     FROM emr_connections c
     LEFT JOIN ${liveRows} AS live(connection_id, messages, failures) ON live.connection_id = c.id
     CROSS JOIN LATERAL (
       SELECT round(COALESCE(sum(s.total_requests * CASE WHEN s.hour = ${thisHour} THEN 1 ELSE ${previousShare}::float8 END), 0) + COALESCE(live.messages, 0))::int8 AS messages,
              round(COALESCE(sum(s.failed_requests * CASE WHEN s.hour = ${thisHour} THEN 1 ELSE ${previousShare}::float8 END), 0) + COALESCE(live.failures, 0))::int8 AS failures
       FROM connection_statistics s
       WHERE s.connection_id = c.id AND s.hour >= ${thisHour}::timestamptz - interval '1 hour'
     ) AS traffic
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY ${order} ${direction}, lower(c.name), c.id
     LIMIT ${param(criteria.pageSize)} OFFSET ${param((criteria.page - 1) * criteria.pageSize)}`,
    values,
  );
  return {
    data: rows.map((row) => {
      const messages = Number(row.messages);
      const failures = Number(row.failures);
      return ConnectionListItem.parse({
        id: row.id,
        connectionId: row.connection_id,
        name: row.name,
        emrType: row.emr_type,
        kind: row.kind,
        isActive: row.is_active,
        isConnected: row.is_connected,
        lastTestAt: row.last_test_at,
        lastTestSuccess: row.last_test_success,
        lastTestMessage: row.last_test_message,
        messagesLastHour: messages,
        failuresLastHour: failures,
        errorRate: messages > 0 ? failures / messages : null,
      });
    }),
    total: Number(rows[0]?.total_count ?? 0),
    totalIsEstimate: false,
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

const CONNECTION_SELECT = {
  id: true,
  connectionId: true,
  name: true,
  emrType: true,
  endpoint: true,
  baseUrl: true,
  fhirVersion: true,
  config: true,
  credentialsEncrypted: true,
  isActive: true,
  isConnected: true,
  lastConnectedAt: true,
  totalRequests: true,
  successfulRequests: true,
  failedRequests: true,
  avgResponseTimeMs: true,
  lastError: true,
  lastTestAt: true,
  lastTestSuccess: true,
  lastTestMessage: true,
  lastTestLatencyMs: true,
  deactivatedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.EMRConnectionSelect;

export type ConnectionRecord = Prisma.EMRConnectionGetPayload<{ select: typeof CONNECTION_SELECT }>;

/** The response shape of a stored connection: the credentials reduced to the names of what is stored. */
export function connectionResponse(record: ConnectionRecord): EMRConnectionResponse {
  const { credentialsEncrypted, ...fields } = record;
  const names = credentialNames(credentialsEncrypted, record.id);
  return EMRConnectionResponse.parse({ ...fields, hasCredentials: credentialsEncrypted !== null, credentialNames: names });
}

export async function findConnectionRecord(client: Pick<ReturnType<typeof db>, "eMRConnection">, id: string): Promise<ConnectionRecord> {
  if (!Uuid.safeParse(id).success) throw new AppError("NOT_FOUND", "The connection was not found.");
  const record = await client.eMRConnection.findUnique({ where: { id }, select: CONNECTION_SELECT });
  if (!record) throw new AppError("NOT_FOUND", "The connection was not found.");
  return record;
}

export type HourlyStatistics = ConnectionDetailResponse["hourly"][number];
export type ConnectionDetail = ConnectionDetailResponse;

async function hourlyStatistics(connectionId: string): Promise<HourlyStatistics[]> {
  const { rows } = await dbPool().query<{ hour: Date; total: string; successful: string; failed: string; sum_ms: number; buckets: string[] }>(
    `SELECT hour, total_requests AS total, successful_requests AS successful, failed_requests AS failed,
            total_response_time_ms AS sum_ms, latency_buckets::text[] AS buckets
     FROM connection_statistics WHERE connection_id = $1 AND hour > now() - interval '24 hours' ORDER BY hour`,
    [connectionId],
  );
  const pending = (await pendingConnectionStatistics()).get(connectionId);
  const byHour = new Map(rows.map((row) => [row.hour.getTime(), { total: Number(row.total), successful: Number(row.successful), failed: Number(row.failed), sumMs: row.sum_ms, buckets: row.buckets.map(Number) }]));
  for (const hour of pending?.hours ?? []) {
    const known = byHour.get(hour.hour.getTime()) ?? { total: 0, successful: 0, failed: 0, sumMs: 0, buckets: [] };
    byHour.set(hour.hour.getTime(), {
      total: known.total + hour.total,
      successful: known.successful + hour.successful,
      failed: known.failed + hour.failed,
      sumMs: known.sumMs + hour.sumMs,
      buckets: addBuckets(known.buckets, hour.buckets),
    });
  }
  return [...byHour.entries()]
    .toSorted(([a], [b]) => a - b)
    .map(([hour, counts]) => ({
      hour: new Date(hour),
      total: counts.total,
      successful: counts.successful,
      failed: counts.failed,
      avgMs: counts.total > 0 ? counts.sumMs / counts.total : null,
      p95Ms: percentileFromBuckets(counts.buckets, 0.95),
    }));
}

export async function getConnection(ctx: AuthContext, id: string): Promise<ConnectionDetail> {
  await assertCan(ctx, "connections:read");
  const record = await findConnectionRecord(db(), id);
  const tests = await db().connectionTest.findMany({
    where: { connectionId: id },
    orderBy: [{ testedAt: "desc" }, { id: "desc" }],
    take: 20,
    select: { id: true, testedAt: true, success: true, outcome: true, message: true, latencyMs: true, details: true, testedBy: true },
  });
  return {
    connection: connectionResponse(record),
    tests: tests.map((test) => ConnectionTestView.parse({ ...test, id: String(test.id) })),
    hourly: await hourlyStatistics(id),
  };
}
