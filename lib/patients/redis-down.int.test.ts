import { afterAll, describe, expect, it, vi } from "vitest";
import { cache, disconnectCache } from "@/lib/cache";
import { getPatientChart, listObservations, searchPatients } from "@/lib/patients/queries";
import { ObservationSearchCriteria } from "@/lib/observations/schema";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { updatePatient } from "@/lib/patients/service";
import { auditRowsOf, insertObservation, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

// Redis unreachable: nothing listens on port 1. Set before env() is first read, so cache() is built against it.
vi.hoisted(() => {
  process.env.REDIS_URL = "redis://127.0.0.1:1";
});

afterAll(async () => {
  await disconnectCache();
});

describe("with Redis down", () => {
  it("reads and writes from PostgreSQL, still audited", async () => {
    expect(cache().backend).toBe("redis");
    const patient = await insertPatient({ firstName: "Offline" });
    await insertObservation(patient.id);
    const fallbacksBefore = cache().stats().fallbacks;

    const reading = contextFor("clinician");
    const chart = await getPatientChart(reading, patient.id);
    expect(chart.patient.firstName).toBe("Offline");
    expect(cache().stats().fallbacks).toBeGreaterThan(fallbacksBefore);
    expect((await auditRowsOf(reading)).map((row) => row.action)).toEqual(["patient.viewed"]);

    const observations = await listObservations(contextFor("clinician"), patient.id, ObservationSearchCriteria.parse({}));
    expect(observations.total).toBe(1);

    const updated = await updatePatient(contextFor("clinician"), patient.id, { firstName: "Online" });
    expect(updated.firstName).toBe("Online");
    expect((await getPatientChart(contextFor("clinician"), patient.id)).patient.firstName).toBe("Online");

    const found = await searchPatients(contextFor("clinician"), PatientSearchCriteria.parse({ mrn: patient.mrn }));
    expect(found.data.map((row) => row.id)).toEqual([patient.id]);
  });
});
