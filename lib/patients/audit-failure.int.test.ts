import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPatientChart, getPatientDemographics, searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";

// "If the audit write fails, the request fails": a read of patient data whose audit row cannot be stored returns
// no data, whether the data came from PostgreSQL or from the cache. The failure is real: PostgreSQL refuses the
// INSERT (a trigger standing in for a full disk, a revoked grant, a value the column cannot hold).

isolateCache();

async function refuseAuditRows(actions: string[]): Promise<void> {
  await db().$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION refuse_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit storage refused the row'; END $$`,
  );
  const list = actions.map((action) => `'${action}'`).join(", ");
  await db().$executeRawUnsafe(`CREATE TRIGGER refuse_audit_row BEFORE INSERT ON audit_logs FOR EACH ROW WHEN (NEW.action IN (${list})) EXECUTE FUNCTION refuse_audit_row()`);
}

afterEach(async () => {
  await db().$executeRawUnsafe("DROP TRIGGER IF EXISTS refuse_audit_row ON audit_logs");
});

const auditRowCount = () => db().auditLog.count();

describe("a read whose audit row cannot be written", () => {
  it("returns no chart, also when the chart is already cached", async () => {
    const ctx = await userContextFor("clinician");
    const patient = await insertPatient();
    expect((await getPatientChart(ctx, patient.id)).patient.id).toBe(patient.id); // now cached
    await refuseAuditRows(["patient.viewed"]);
    const before = await auditRowCount();
    await expect(getPatientChart(nextRequest(ctx), patient.id)).rejects.toThrow(/audit storage refused the row/);
    await expect(getPatientDemographics(nextRequest(ctx), patient.id)).rejects.toThrow(/audit storage refused the row/);
    expect(await auditRowCount()).toBe(before);
  });

  it("returns no search results", async () => {
    const ctx = await userContextFor("clinician");
    const patient = await insertPatient();
    const criteria = PatientSearchCriteria.parse({ mrn: patient.mrn });
    expect((await searchPatients(ctx, criteria)).data.map((row) => row.id)).toEqual([patient.id]);
    await refuseAuditRows(["patient.searched"]);
    await expect(searchPatients(nextRequest(ctx), criteria)).rejects.toThrow(/audit storage refused the row/);
  });
});
