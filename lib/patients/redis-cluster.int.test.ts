import { redisCluster } from "@/lib/testing/through-redis-cluster";
import { describe, expect, it } from "vitest";
import { overRateLimit } from "@/lib/auth/rate-limit";
import { cache, cacheHealth, cacheKeys } from "@/lib/cache";
import { flushConnectionStatistics, pendingConnectionStatistics, recordConnectionRequest } from "@/lib/connections/statistics";
import { env } from "@/lib/env";
import { startInstanceMetrics } from "@/lib/metrics/publisher";
import { listInstances } from "@/lib/metrics/readers";
import { getPatientChart } from "@/lib/patients/queries";
import { updatePatient } from "@/lib/patients/service";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertMedication, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";
import { fileQuery } from "@/lib/testing/sql";

// The app, unchanged, on a real three-master Redis Cluster (REDIS_CLUSTER_NODES; lib/testing/through-redis-cluster.ts):
// cached chart reads, the multi-key invalidation of a write, rate limits, connection statistics and instance metrics.
// Any command whose keys span slots would fail with CROSSSLOT and quietly turn into a fall-back, so each case also
// checks that the cache did not fall back.

isolateCache();
const query = fileQuery();

/** This file's keys on each master. */
const keysPerMaster = () => Promise.all(redisCluster.nodes.map(async (node) => ((await node.command("KEYS", `${env().REDIS_KEY_PREFIX}*`)) as string[]).length));

describe("the app on a Redis Cluster", () => {
  it("serves a chart from the cache and drops every cached part of it on a write", async () => {
    expect(cache().backend).toBe("redis");
    const patient = await insertPatient({ firstName: "Clustered" });
    await insertMedication(patient.id);
    const fallbacks = cache().stats().fallbacks;

    expect((await getPatientChart(contextFor("clinician"), patient.id)).patient.firstName).toBe("Clustered");
    const hits = cache().stats().hits;
    expect((await getPatientChart(contextFor("clinician"), patient.id)).patient.firstName).toBe("Clustered");
    expect(cache().stats().hits).toBe(hits + 1);

    await cache().set(cacheKeys.medications(patient.id), ["stale"]);
    await updatePatient(contextFor("clinician"), patient.id, { firstName: "Renamed" });
    expect(await cache().exists(cacheKeys.patientAggregate(patient.id))).toBe(false);
    expect(await cache().exists(cacheKeys.medications(patient.id))).toBe(false);
    expect((await getPatientChart(contextFor("clinician"), patient.id)).patient.firstName).toBe("Renamed");
    expect(cache().stats().fallbacks).toBe(fallbacks);
  });

  it("counts rate limits, connection statistics and instance metrics in the cluster", async () => {
    const fallbacks = cache().stats().fallbacks;
    const results = [];
    for (let attempt = 0; attempt < 4; attempt += 1) results.push(await overRateLimit("login_ip", "203.0.113.9", 3, 60));
    expect(results).toEqual([false, false, false, true]);

    const [connection] = await query<{ id: string }>(
      `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint, updated_at) VALUES ('clustered', 'clustered', 'epic', '{"kind":"fhir_rest"}', now()) RETURNING id`,
      [],
    );
    const id = connection?.id ?? "";
    for (let request = 0; request < 5; request += 1) await recordConnectionRequest(id, { success: request > 0, elapsedMs: 30 });
    expect((await pendingConnectionStatistics()).get(id)).toMatchObject({ total: 5, failed: 1 });
    expect(await flushConnectionStatistics()).toBeGreaterThanOrEqual(5);
    expect((await pendingConnectionStatistics()).get(id)).toBeUndefined();

    const metrics = startInstanceMetrics("web");
    try {
      let listed: string[] = [];
      for (let attempt = 0; attempt < 50 && !listed.includes(metrics.instanceId); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        listed = (await listInstances())?.map((sample) => sample.instanceId) ?? [];
      }
      expect(listed).toContain(metrics.instanceId);
    } finally {
      metrics.stop();
    }
    expect(cache().stats().fallbacks).toBe(fallbacks);
  });

  it("spreads the keys over every master and reports the cluster as up", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, index) => cache().set(`spread:${index}`, index, 60)));
    expect((await keysPerMaster()).every((count) => count > 0)).toBe(true);
    expect(await cacheHealth()).toMatchObject({ status: "up", backend: "redis" });
  });
});
