import { describe, expect, it } from "vitest";
import { cache, cacheKeys } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { ObservationCreate, ObservationSearchCriteria } from "@/lib/observations/schema";
import { recordObservation } from "@/lib/observations/service";
import { getPatientChart, listObservations } from "@/lib/patients/queries";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertObservation, insertPatient } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

isolateCache();

const heartRate = (changes: Record<string, unknown> = {}) =>
  ObservationCreate.parse({
    observationType: "vital_signs",
    code: "8867-4",
    codeDisplay: "Heart rate",
    valueQuantity: 72,
    unit: "/min",
    effectiveDatetime: "2024-05-01T08:30:00Z",
    note: "resting",
    ...changes,
  });

const rowsWithSource = (sourceEmr: string, sourceObservationId: string) =>
  db().observation.findMany({ where: { sourceEmr, sourceObservationId }, select: { id: true, patientId: true, valueQuantity: true, note: true } });

describe("recordObservation", () => {
  it("records a new result (created), audited in its transaction, and drops the cached chart", async () => {
    const patient = await insertPatient();
    await getPatientChart(contextFor("clinician"), patient.id);
    expect(await cache().exists(cacheKeys.patientAggregate(patient.id))).toBe(true);

    const ctx = contextFor("clinician");
    const { record, created } = await recordObservation(ctx, patient.id, heartRate({ sourceEmr: "epic", sourceObservationId: `obs-${patient.id}` }));
    expect(created).toBe(true);
    expect(record).toMatchObject({ patientId: patient.id, code: "8867-4", valueQuantity: 72, status: "final", codeSystem: "http://loinc.org" });
    expect(await cache().exists(cacheKeys.patientAggregate(patient.id))).toBe(false);
    const page = await listObservations(contextFor("clinician"), patient.id, ObservationSearchCriteria.parse({}));
    expect(page.data.map((observation) => observation.id)).toEqual([record.id]);

    const rows = await auditRowsOf(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "observation.created", statusCode: 201, patientId: patient.id, dataCategory: "results" });
    expect(rows[0]?.details).toMatchObject({ resent: false, sourceEmr: "epic", fields: expect.arrayContaining(["valueQuantity", "note"]) });
  });

  it("a resend with the same source id replaces the stored result (updated), never adds a row", async () => {
    const patient = await insertPatient();
    const source = { sourceEmr: "epic", sourceObservationId: `resend-${patient.id}` };
    const first = await recordObservation(contextFor("clinician"), patient.id, heartRate(source));

    const ctx = contextFor("integration");
    const second = await recordObservation(ctx, patient.id, heartRate({ ...source, valueQuantity: 75, status: "corrected", note: undefined }));
    expect(second.created).toBe(false);
    expect(second.record).toMatchObject({ id: first.record.id, valueQuantity: 75, status: "corrected", note: null });
    // A field the resend leaves out is cleared: the stored record is the resent version, not a merge.
    expect(await rowsWithSource(source.sourceEmr, source.sourceObservationId)).toEqual([
      { id: first.record.id, patientId: patient.id, valueQuantity: 75, note: null },
    ]);
    const rows = await auditRowsOf(ctx);
    expect(rows.map((row) => [row.action, row.statusCode, row.patientId])).toEqual([["observation.updated", 200, patient.id]]);
    expect(rows[0]?.details).toMatchObject({ resent: true });
  });

  it("concurrent sends of one source record leave exactly one row, and exactly one of them created it", async () => {
    const patient = await insertPatient();
    const source = { sourceEmr: "lab", sourceObservationId: `race-${patient.id}` };
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, n) => recordObservation(contextFor("clinician"), patient.id, heartRate({ ...source, valueQuantity: 60 + n }))),
    );
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
    expect(await rowsWithSource(source.sourceEmr, source.sourceObservationId)).toHaveLength(1);
  });

  it("without a source id every send is a new result", async () => {
    const patient = await insertPatient();
    const sends = [await recordObservation(contextFor("clinician"), patient.id, heartRate()), await recordObservation(contextFor("clinician"), patient.id, heartRate())];
    expect(sends.map((send) => send.created)).toEqual([true, true]);
    expect(await db().observation.count({ where: { patientId: patient.id } })).toBe(2);
  });

  it("refuses a source record that is already on another patient's chart (409), changing nothing", async () => {
    const owner = await insertPatient();
    const other = await insertPatient();
    const source = { sourceEmr: "epic", sourceObservationId: `owned-${owner.id}` };
    const original = await recordObservation(contextFor("clinician"), owner.id, heartRate(source));
    await expect(recordObservation(contextFor("clinician"), other.id, heartRate({ ...source, valueQuantity: 99 }))).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { sourceObservationId: [expect.any(String)] },
    });
    expect(await rowsWithSource(source.sourceEmr, source.sourceObservationId)).toEqual([
      { id: original.record.id, patientId: owner.id, valueQuantity: 72, note: "resting" },
    ]);
  });

  it("fills what a send leaves out with the column's own defaults", async () => {
    const patient = await insertPatient();
    const stored = await insertObservation(patient.id);
    const defaults = await db().observation.findUniqueOrThrow({ where: { id: stored.id }, select: { status: true, codeSystem: true } });
    const { record } = await recordObservation(contextFor("clinician"), patient.id, heartRate());
    expect({ status: record.status, codeSystem: record.codeSystem }).toEqual(defaults);
  });

  it("answers an unknown or malformed patient with NOT_FOUND and audits the attempt", async () => {
    for (const patientId of ["6f1c2b1e-8d2f-4a55-9d7e-0a1b2c3d4e5f", "not-a-uuid"]) {
      const ctx = contextFor("clinician");
      await expect(recordObservation(ctx, patientId, heartRate())).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect((await auditRowsOf(ctx)).map((row) => [row.action, row.status, row.statusCode])).toEqual([["observation.created", "failure", 404]]);
    }
  });

  it("writes nothing without patients:write, and the refusal is audited", async () => {
    const patient = await insertPatient();
    const ctx = contextFor("compliance");
    await expect(recordObservation(ctx, patient.id, heartRate())).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await auditRowsOf(ctx)).map((row) => row.action)).toEqual(["access.denied"]);
    expect(await db().observation.count({ where: { patientId: patient.id } })).toBe(0);
  });

  it("writes nothing to a restricted chart without an emergency access grant", async () => {
    const patient = await insertPatient({ restricted: true });
    const ctx = contextFor("clinician");
    await expect(recordObservation(ctx, patient.id, heartRate())).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await auditRowsOf(ctx)).map((row) => [row.action, row.status])).toEqual([["access.denied", "denied"]]);
    expect(await db().observation.count({ where: { patientId: patient.id } })).toBe(0);
  });
});
