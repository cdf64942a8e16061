import { describe, expect, it } from "vitest";
import { LATENCY_BUCKETS_MS, latencyBucketOf } from "@/lib/connections/latency";
import { flushConnectionStatistics, pendingConnectionStatistics, publishConnectionCounts, recordConnectionRequest } from "@/lib/connections/statistics";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { fileQuery } from "@/lib/testing/sql";

// Thousands of requests counted at once while flushers run alongside: every request is counted exactly once,
// in the hourly row, the connection's totals and the latency buckets.

isolateCache();
const query = fileQuery();

async function connection(slug: string): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint, updated_at) VALUES ($1, $1, 'epic', '{"kind":"fhir_rest"}', now()) RETURNING id`,
    [slug],
  );
  return row?.id ?? "";
}

describe("connection request statistics", () => {
  it("loses and doubles nothing when requests and two flushers run at the same time", async () => {
    const id = await connection("busy-epic");
    const requests = Array.from({ length: 3000 }, (_, i) => ({ success: i % 10 !== 0, elapsedMs: (i % 7) * 40 }));
    const flushes: Promise<number>[] = [];
    await Promise.all(
      requests.map(async (outcome, i) => {
        await recordConnectionRequest(id, outcome);
        if (i % 500 === 0) flushes.push(flushConnectionStatistics(), flushConnectionStatistics(), publishConnectionCounts().then(() => 0));
      }),
    );
    await Promise.all(flushes);
    expect((await pendingConnectionStatistics()).get(id)?.total ?? 0).toBeGreaterThanOrEqual(0);
    await flushConnectionStatistics();
    expect((await pendingConnectionStatistics()).get(id)).toBeUndefined();

    const [hour] = await query<{ total: string; ok: string; failed: string; sum: number; buckets: string[] }>(
      `SELECT sum(total_requests) AS total, sum(successful_requests) AS ok, sum(failed_requests) AS failed,
              sum(total_response_time_ms) AS sum, (array_agg(latency_buckets::text[]))[1] AS buckets
       FROM connection_statistics WHERE connection_id = $1`,
      [id],
    );
    expect({ total: Number(hour?.total), ok: Number(hour?.ok), failed: Number(hour?.failed) }).toEqual({ total: 3000, ok: 2700, failed: 300 });
    expect(Number(hour?.sum)).toBe(requests.reduce((sum, request) => sum + request.elapsedMs, 0));
    const [totals] = await query<{ total: string; failed: string; avg: number }>(
      "SELECT total_requests AS total, failed_requests AS failed, avg_response_time_ms AS avg FROM emr_connections WHERE id = $1",
      [id],
    );
    expect({ total: Number(totals?.total), failed: Number(totals?.failed) }).toEqual({ total: 3000, failed: 300 });
    expect(totals?.avg).toBeCloseTo(requests.reduce((sum, request) => sum + request.elapsedMs, 0) / 3000, 6);
    // The hour may have turned during the test: buckets are checked when all counts are in one row.
    const rows = await query<{ buckets: string[] }>("SELECT latency_buckets::text[] AS buckets FROM connection_statistics WHERE connection_id = $1", [id]);
    if (rows.length === 1) {
      const expected = LATENCY_BUCKETS_MS.map(() => 0).concat(0);
      for (const request of requests) {
        const bucket = latencyBucketOf(request.elapsedMs);
        expected[bucket] = (expected[bucket] ?? 0) + 1;
      }
      expect(rows[0]?.buckets.map(Number)).toEqual(expected);
    }
  });

  it("shows unflushed counts as pending, per connection", async () => {
    const id = await connection("pending-epic");
    await recordConnectionRequest(id, { success: true, elapsedMs: 12 });
    await recordConnectionRequest(id, { success: false, elapsedMs: 3000 });
    expect((await pendingConnectionStatistics()).get(id)).toMatchObject({ total: 2, failed: 1 });
    await flushConnectionStatistics();
    expect((await pendingConnectionStatistics()).get(id)).toBeUndefined();
  });
});
