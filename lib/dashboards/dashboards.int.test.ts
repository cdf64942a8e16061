import { describe, expect, it } from "vitest";
import { cache } from "@/lib/cache";
import { recordConnectionRequest } from "@/lib/connections/statistics";
import { cachePanel } from "@/lib/dashboards/cache";
import { connectionsPanel } from "@/lib/dashboards/connections";
import { databasePanel } from "@/lib/dashboards/database";
import { hl7Panel } from "@/lib/dashboards/hl7";
import { systemPanel } from "@/lib/dashboards/system";
import { INSTANCES_KEY } from "@/lib/metrics/keys";
import { listInstances } from "@/lib/metrics/readers";
import type { InstanceSample } from "@/lib/metrics/types";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { sampleSystemStatistics } from "@/lib/stats/samples";
import { contextFor } from "@/lib/testing/auth-context";
import { fileQuery } from "@/lib/testing/sql";

// The panels' figures from real PostgreSQL and Redis: several instances' pools add up, a connection's requests
// show before the worker flushes them, growth comes from the samples, and only dashboards:read may look.

isolateCache();
const query = fileQuery();

function sample(instanceId: string, kind: InstanceSample["kind"], total: number, fallbacks: number): InstanceSample {
  const now = new Date().toISOString();
  return {
    instanceId,
    kind,
    hostname: "test",
    pid: 1,
    startedAt: now,
    sampledAt: now,
    pool: { total, idle: total - 1, inUse: 1, waiting: 0, min: 0, max: 30, acquisitions: 100, waits: 2, timeouts: 0, errors: 0, deadConnections: 0 },
    databaseLatencyMs: 0.5,
    cache: { hits: 10, misses: 2, fallbacks },
  };
}

describe("dashboards", () => {
  it("adds up every published instance's pool and cache fall-throughs", async () => {
    await cache().hset(INSTANCES_KEY, "web:a", sample("web:a", "web", 5, 1));
    await cache().hset(INSTANCES_KEY, "mllp:b", sample("mllp:b", "mllp", 3, 2));
    const database = await databasePanel(contextFor("admin"));
    expect(database).toMatchObject({ status: "up", instancesVisible: true, sum: { total: 8, max: 60, inUse: 2 } });
    expect(database.pools.map((pool) => pool.kind)).toEqual(["mllp", "web"]);
    expect(database.largestTables.length).toBeGreaterThan(0);
    expect((await cachePanel(contextFor("compliance"))).fallThroughs).toBe(3);
  });

  it("leaves out, and forgets, an instance whose last sample is older than 30 seconds", async () => {
    await cache().delete(INSTANCES_KEY);
    const stopped = { ...sample("worker:gone", "worker", 4, 0), sampledAt: new Date(Date.now() - 31_000).toISOString() };
    await cache().hset(INSTANCES_KEY, "worker:gone", stopped);
    await cache().hset(INSTANCES_KEY, "web:a", sample("web:a", "web", 5, 1));
    expect((await listInstances())?.map((instance) => instance.instanceId)).toEqual(["web:a"]);
    expect(Object.keys(await cache().hgetall(INSTANCES_KEY))).not.toContain("worker:gone");
  });

  it("shows a connection's requests before the worker flushes them, and inbound HL7 per minute", async () => {
    const [connection] = await query<{ id: string }>(
      `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint, updated_at) VALUES ('dash-epic', 'Dash Epic', 'epic', '{"kind":"fhir_rest"}', now()) RETURNING id`,
    );
    await recordConnectionRequest(connection?.id ?? "", { success: true, elapsedMs: 40 });
    await recordConnectionRequest(connection?.id ?? "", { success: false, elapsedMs: 900 });
    const panel = await connectionsPanel(contextFor("admin"));
    expect(panel.rows.find((row) => row.id === connection?.id)?.lastHour).toEqual({ total: 2, failed: 1, errorRate: 0.5, p95Ms: 1000 });
    await query(
      `INSERT INTO hl7_messages (direction, message_type, trigger_event, raw_message, status, message_datetime, created_at, updated_at, ack_at)
       VALUES ('inbound', 'ADT', 'A01', 'MSH|', 'processed', now(), now(), now(), now() + interval '20 milliseconds'),
              ('inbound', 'ADT', 'A01', 'MSH|', 'error', now(), now(), now(), now() + interval '30 milliseconds')`,
    );
    const hl7 = await hl7Panel(contextFor("admin"));
    expect(hl7.lastHour).toMatchObject({ total: 2, errors: 1, errorRate: 0.5 });
    expect(hl7.lastHour.ackMsAverage).toBeCloseTo(25, 0);
    expect(hl7.waitingForReprocessing).toBe(1);
    expect(hl7.perMinute.reduce((sum, point) => sum + point.processed + point.error, 0)).toBe(2);
  });

  it("shows growth against the samples of a day and a week ago", async () => {
    const weekAgo = new Date(Date.now() - 8 * 86_400_000);
    expect(await sampleSystemStatistics(weekAgo)).toBe(true);
    // Another worker (or a restart) within the hour adds no second sample.
    expect(await sampleSystemStatistics(new Date(weekAgo.getTime() + 30 * 60_000))).toBe(false);
    await query("INSERT INTO system_statistics_samples SELECT now() - interval '25 hours', 0, 0, 0, 0, 0, 0");
    const panel = await systemPanel(contextFor("compliance"));
    expect(panel.dayAgo).toEqual({ patients: 0, observations: 0, medications: 0, allergies: 0, hl7Messages: 0, auditEvents: 0 });
    expect(panel.weekAgo).not.toBeNull();
  });

  it("refuses a clinician", async () => {
    await expect(databasePanel(contextFor("clinician"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(hl7Panel(contextFor("clinician"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
