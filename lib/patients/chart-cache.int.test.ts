import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { patientCacheKeys, invalidatePatient } from "@/lib/patients/access";
import { CHART_OBSERVATION_LIMIT, CHART_POINTS_PER_CODE } from "@/lib/patients/chart-data";
import { getPatientChart, listObservations } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

// A patient on a busy result feed: heart rate every 15 minutes for six weeks, and ten lab tests resulted a hundred
// times each, older than most of the heart rates. The chart must stay one bounded cache entry, still show every
// test's latest value, and the observations tab must page through every result.

const HEART_RATES = 4_000;
const LAB_CODES = 10;
const RESULTS_PER_LAB = 100;
const TOTAL = HEART_RATES + LAB_CODES * RESULTS_PER_LAB + 1;
const NOW = Date.parse("2025-03-01T12:00:00Z");
const MINUTE = 60_000;

let patientId = "";
const redis = new Redis(env().REDIS_URL ?? "redis://127.0.0.1:6379", { protocol: 2 });

beforeAll(async () => {
  patientId = (await insertPatient()).id;
  const rows: Prisma.ObservationCreateManyInput[] = [];
  for (let i = 0; i < HEART_RATES; i++) {
    rows.push({ patientId, observationType: "vital_signs", code: "8867-4", codeDisplay: "Heart rate", valueQuantity: 60 + (i % 30), unit: "/min", effectiveDatetime: new Date(NOW - i * 15 * MINUTE) });
  }
  for (let lab = 0; lab < LAB_CODES; lab++) {
    for (let i = 0; i < RESULTS_PER_LAB; i++) {
      rows.push({
        patientId,
        observationType: "laboratory",
        code: `LAB-${lab}`,
        codeDisplay: `Lab test ${lab}`,
        valueQuantity: 5 + (i % 7) / 10,
        unit: "mmol/L",
        referenceRangeLow: 3.5,
        referenceRangeHigh: 7,
        // Every lab result is older than the newest 3,000 heart rates: a "latest 200" chart would miss them all.
        effectiveDatetime: new Date(NOW - 800 * 60 * MINUTE - (lab * RESULTS_PER_LAB + i) * 60 * MINUTE),
      });
    }
  }
  // The newest result of all was entered in error: the chart leaves it out, the list keeps it.
  rows.push({ patientId, observationType: "vital_signs", code: "8867-4", codeDisplay: "Heart rate", valueQuantity: 999, unit: "/min", status: "entered_in_error", effectiveDatetime: new Date(NOW + MINUTE) });
  await db().observation.createMany({ data: rows });
});

afterAll(async () => {
  redis.disconnect();
});

describe("the cached chart of a patient with thousands of results", () => {
  it("is one bounded entry with every test's latest value and a bounded history per test", async () => {
    const chart = await getPatientChart(contextFor("clinician"), patientId);
    expect(chart.observationCounts).toEqual({ total: TOTAL, bySource: [{ sourceEmr: null, count: TOTAL }] });
    expect(chart.observations.length).toBeLessThanOrEqual(CHART_OBSERVATION_LIMIT);

    const byCode = new Map<string, typeof chart.observations>();
    for (const observation of chart.observations) byCode.set(observation.code, [...(byCode.get(observation.code) ?? []), observation]);
    expect(byCode.size).toBe(1 + LAB_CODES);
    for (const [code, results] of byCode) {
      expect(results.length, code).toBeLessThanOrEqual(CHART_POINTS_PER_CODE);
      const newest = await db().observation.findFirstOrThrow({
        where: { patientId, code, status: { notIn: ["cancelled", "entered_in_error"] } },
        orderBy: { effectiveDatetime: "desc" },
        select: { id: true },
      });
      expect(results.map((result) => result.id), code).toContain(newest.id);
    }
    expect(chart.observations.some((observation) => observation.status === "entered_in_error")).toBe(false);

    // The entry's size in Redis, as stored: bounded by the chart's limits, not by the 5,001 results.
    const bytes = await redis.strlen(`${env().REDIS_KEY_PREFIX}${cacheKeys.patientAggregate(patientId)}`);
    const everyResult = JSON.stringify(await db().observation.findMany({ where: { patientId } })).length;
    console.info(`chart cache entry: ${bytes} bytes (${chart.observations.length} results); all ${TOTAL} results as JSON: ${everyResult} bytes`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(200_000);
    expect(bytes * 10).toBeLessThan(everyResult);
  });

  it("leaves the observation pages uncached, and the observations tab pages through every result", async () => {
    const seen = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    let page = 1;
    for (;;) {
      const result = await listObservations(contextFor("clinician"), patientId, ObservationSearchCriteria.parse({ page: String(page), pageSize: "100" }));
      expect(result.total).toBe(TOTAL);
      for (const observation of result.data) {
        seen.add(observation.id);
        expect(observation.effectiveDatetime.getTime()).toBeLessThanOrEqual(previous);
        previous = observation.effectiveDatetime.getTime();
      }
      if (page * result.pageSize >= result.total) break;
      page += 1;
    }
    expect(page).toBe(Math.ceil(TOTAL / 100));
    expect(seen.size).toBe(TOTAL);
    expect(await cache().keys(`${cacheKeys.observations(patientId)}*`)).toEqual([]);
  });

  it("is evicted with a handful of keys on a write", async () => {
    await getPatientChart(contextFor("clinician"), patientId);
    expect(patientCacheKeys(patientId).length).toBeLessThanOrEqual(4);
    await invalidatePatient(patientId);
    expect(await cache().keys(cacheKeys.patientPattern(patientId))).toEqual([]);
  });

  it("serves a current entry from the cache and reloads one an earlier release wrote without today's fields", async () => {
    const clinician = contextFor("clinician");
    await invalidatePatient(patientId);
    await getPatientChart(clinician, patientId);
    const before = cache().stats().hits;
    await getPatientChart(clinician, patientId);
    expect(cache().stats().hits).toBe(before + 1);
    const key = cacheKeys.patientAggregate(patientId);
    const stored = await cache().get<{ patient: Record<string, unknown> }>(key);
    if (!stored) throw new Error("the chart was not cached");
    const olderPatient = { ...stored.patient };
    delete olderPatient.mrnAuthority;
    delete olderPatient.identifiers;
    await cache().set(key, { ...stored, patient: olderPatient });
    const chart = await getPatientChart(clinician, patientId);
    expect(chart.patient.mrnAuthority).toBeTypeOf("string");
    expect((await cache().get<{ patient: Record<string, unknown> }>(key))?.patient).toHaveProperty("identifiers");
  });
});
