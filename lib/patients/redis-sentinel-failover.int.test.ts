import { redisSentinel } from "@/lib/testing/through-redis-sentinel";
import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { env } from "@/lib/env";
import { getPatientChart } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";
import { waitFor } from "@/lib/testing/redis-server";

// Chart reads through the app's cache() on a Sentinel-managed master (REDIS_SENTINELS;
// lib/testing/through-redis-sentinel.ts) while the master is killed and a replica promoted: every read returns the
// right chart — from PostgreSQL while there is no master — and afterwards the charts are cached on the new master.

isolateCache();

describe("a Sentinel failover during chart reads", () => {
  it("fails no read, and the cache serves charts again from the promoted replica", async () => {
    expect(cache().backend).toBe("redis");
    const patients = await Promise.all(["Ada", "Bea", "Cy", "Dee"].map((firstName) => insertPatient({ firstName })));
    const reader = contextFor("clinician");
    for (const patient of patients) await getPatientChart(reader, patient.id);

    const outcomes = { reads: 0, failed: [] as string[], wrong: 0 };
    let reading = true;
    const readLoop = async () => {
      while (reading) {
        for (const patient of patients) {
          outcomes.reads += 1;
          try {
            if ((await getPatientChart(reader, patient.id)).patient.firstName !== patient.firstName) outcomes.wrong += 1;
          } catch (error) {
            outcomes.failed.push(String(error));
          }
        }
      }
    };
    const loops = [readLoop(), readLoop()];
    const fallbacks = cache().stats().fallbacks;
    const promoted = await redisSentinel.killMasterAndWaitForFailover();
    await waitFor("the cache on the new master", async () => (await cache().set("probe", 1, 60)) === true, 15_000);
    reading = false;
    await Promise.all(loops);

    expect(outcomes.failed).toEqual([]);
    expect(outcomes.wrong).toBe(0);
    expect(outcomes.reads).toBeGreaterThan(patients.length * 4);
    expect(cache().stats().fallbacks).toBeGreaterThan(fallbacks);

    // A chart read now is filled into, then served from, the promoted replica.
    const [first] = patients;
    if (!first) throw new Error("no patient");
    await getPatientChart(reader, first.id);
    const hits = cache().stats().hits;
    expect((await getPatientChart(reader, first.id)).patient.firstName).toBe(first.firstName);
    expect(cache().stats().hits).toBe(hits + 1);
    expect(await promoted.command("EXISTS", `${env().REDIS_KEY_PREFIX}${cacheKeys.patientAggregate(first.id)}`)).toBe(1);
  });
});
