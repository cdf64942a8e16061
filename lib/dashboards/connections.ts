import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { addBuckets, percentileFromBuckets } from "@/lib/connections/latency";
import { pendingConnectionStatistics } from "@/lib/connections/statistics";
import { withReadPool } from "@/lib/db/read-routing";

// Each connection's health at a glance: status, last test, and its requests over the last hour and day (the hourly
// rows the worker flushed, plus the counts Redis still holds, so the panel moves before the next flush).

export interface ConnectionHealthRow {
  id: string;
  name: string;
  kind: string;
  isActive: boolean;
  isConnected: boolean;
  lastTestAt: Date | null;
  lastTestSuccess: boolean | null;
  lastHour: { total: number; failed: number; errorRate: number | null; p95Ms: number | null };
  lastDay: { total: number; failed: number; errorRate: number | null; p95Ms: number | null };
}

export interface ConnectionsPanel {
  takenAt: Date;
  rows: ConnectionHealthRow[];
  /** False when Redis could not be read: the figures then miss the last minute's unflushed requests. */
  liveCounts: boolean;
}

interface Window {
  total: number;
  failed: number;
  buckets: number[];
}

const empty = (): Window => ({ total: 0, failed: 0, buckets: [] });
const summary = (window: Window) => ({
  total: window.total,
  failed: window.failed,
  errorRate: window.total > 0 ? window.failed / window.total : null,
  p95Ms: percentileFromBuckets(window.buckets, 0.95),
});

export async function connectionsPanel(ctx: AuthContext): Promise<ConnectionsPanel> {
  await assertCan(ctx, "dashboards:read");
  const [connections, stats] = await withReadPool(ctx.actor, (pool) => Promise.all([
    pool.query<{ id: string; name: string; kind: string; is_active: boolean; is_connected: boolean; last_test_at: Date | null; last_test_success: boolean | null }>(
      "SELECT id, name, endpoint_kind AS kind, is_active, is_connected, last_test_at, last_test_success FROM emr_connections ORDER BY is_active DESC, lower(name)",
    ),
    pool.query<{ connection_id: string; hour: Date; total: string; failed: string; buckets: string[] }>(
      `SELECT connection_id, hour, total_requests AS total, failed_requests AS failed, latency_buckets::text[] AS buckets
       FROM connection_statistics WHERE hour > now() - interval '24 hours'`,
    ),
  ]));
  let pending;
  let liveCounts = true;
  try {
    pending = await pendingConnectionStatistics();
  } catch {
    pending = new Map();
    liveCounts = false;
  }
  const hourStart = Date.now() - 3_600_000;
  const windows = new Map<string, { hour: Window; day: Window }>();
  const addTo = (id: string, hour: Date, total: number, failed: number, buckets: number[]) => {
    const entry = windows.get(id) ?? { hour: empty(), day: empty() };
    for (const window of hour.getTime() + 3_600_000 > hourStart ? [entry.hour, entry.day] : [entry.day]) {
      window.total += total;
      window.failed += failed;
      window.buckets = addBuckets(window.buckets, buckets);
    }
    windows.set(id, entry);
  };
  for (const row of stats.rows) addTo(row.connection_id, row.hour, Number(row.total), Number(row.failed), row.buckets.map(Number));
  for (const [id, held] of pending) for (const hour of held.hours) addTo(id, hour.hour, hour.total, hour.failed, hour.buckets);
  return {
    takenAt: new Date(),
    liveCounts,
    rows: connections.rows.map((row) => {
      const entry = windows.get(row.id) ?? { hour: empty(), day: empty() };
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        isActive: row.is_active,
        isConnected: row.is_connected,
        lastTestAt: row.last_test_at,
        lastTestSuccess: row.last_test_success,
        lastHour: summary(entry.hour),
        lastDay: summary(entry.day),
      };
    }),
  };
}
