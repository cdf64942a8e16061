import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPatientChart } from "@/lib/patients/queries";
import { Prisma } from "@/lib/generated/prisma/client";
import { RECENT_CHARTS_DAYS, RECENT_CHARTS_LIMIT, recentCharts, recentChartsStatement } from "@/lib/patients/recent-charts";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { auditRowsOf, insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";
import type { AuthContext } from "@/lib/auth/assert";

isolateCache();

/** Opens a chart the way the chart page does, on a request of its own. */
async function open(ctx: AuthContext, patientId: string): Promise<void> {
  await getPatientChart(nextRequest(ctx), patientId);
}

describe("recentCharts", () => {
  it("lists the charts the caller opened, newest first, once each, and audits the listing with the ids shown", async () => {
    const clinician = await userContextFor("clinician");
    const first = await insertPatient({ firstName: "Ada" });
    const second = await insertPatient({ firstName: "Grace", restricted: false });
    await open(clinician, first.id);
    await open(clinician, second.id);
    await open(clinician, first.id);
    // Someone else's chart views are theirs alone.
    const colleague = await userContextFor("clinician");
    const theirs = await insertPatient();
    await open(colleague, theirs.id);
    // A lookup that found nothing is no chart to go back to.
    await getPatientChart(nextRequest(clinician), randomUUID()).catch(() => undefined);

    const charts = await recentCharts(clinician);
    expect(charts.map((chart) => chart.patientId)).toEqual([first.id, second.id]);
    expect(charts[0]).toEqual({
      patientId: first.id,
      mrn: first.mrn,
      firstName: "Ada",
      lastName: first.lastName,
      birthDate: "1980-04-12",
      restricted: false,
      lastViewedAt: expect.any(Date),
    });
    expect(charts[0]!.lastViewedAt.getTime()).toBeGreaterThan(charts[1]!.lastViewedAt.getTime());

    const audit = await auditRowsOf(clinician);
    expect(audit).toEqual([
      expect.objectContaining({
        action: "patient.listed",
        status: "success",
        userId: clinician.actor.id,
        dataCategory: "demographics",
        details: { list: "recently_viewed", results: 2, resultIds: [first.id, second.id] },
      }),
    ]);
  });

  it(`leaves out views older than ${RECENT_CHARTS_DAYS} days and shows at most ${RECENT_CHARTS_LIMIT}`, async () => {
    const clinician = await userContextFor("clinician");
    const old = await insertPatient();
    await db().$executeRaw`
      INSERT INTO audit_logs (event_type, action, user_id, patient_id, status, timestamp)
      VALUES ('data_access', 'patient.viewed', ${clinician.actor.id}, ${old.id}::uuid, 'success',
        now() - make_interval(days => ${RECENT_CHARTS_DAYS + 1}))`;
    const patients = [];
    for (let index = 0; index < RECENT_CHARTS_LIMIT + 2; index += 1) patients.push(await insertPatient());
    for (const patient of patients) await open(clinician, patient.id);

    const charts = await recentCharts(nextRequest(clinician));
    expect(charts.map((chart) => chart.patientId)).toEqual(patients.slice(-RECENT_CHARTS_LIMIT).reverse().map((patient) => patient.id));
  });

  it("is empty, and still audited, for someone who opened nothing", async () => {
    const clinician = await userContextFor("clinician");
    expect(await recentCharts(clinician)).toEqual([]);
    expect(await auditRowsOf(clinician)).toEqual([expect.objectContaining({ action: "patient.listed", details: { list: "recently_viewed", results: 0, resultIds: [] } })]);
  });

  it("refuses roles without patients:read, with an access.denied row", async () => {
    for (const role of ["admin", "compliance"] as const) {
      const ctx = contextFor(role);
      await expect(recentCharts(ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await auditRowsOf(ctx)).toEqual([expect.objectContaining({ action: "access.denied", status: "denied", details: { permission: "patients:read", reason: "permission_missing" } })]);
    }
  });

  it("reads only the caller's rows, along the (user, time) index, in a trail shared by many users", async () => {
    const clinician = await userContextFor("clinician");
    const patient = await insertPatient();
    // 40 other users' recent chart views and lists: the rows any other index (status, action, time) would wade through.
    await db().$executeRaw`
      INSERT INTO audit_logs (event_type, action, user_id, patient_id, status, timestamp)
      SELECT 'data_access', CASE WHEN g % 3 = 0 THEN 'patient.viewed' ELSE 'patient.records_listed' END, 'user-' || (g % 40),
        ${patient.id}::uuid, 'success', now() - make_interval(mins => g)
      FROM generate_series(1, 4000) g`;
    await db().$executeRaw`ANALYZE audit_logs`;
    const [plan] = await db().$queryRaw<{ "QUERY PLAN": unknown }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${recentChartsStatement(clinician.actor.id)}`);
    expect(JSON.stringify(plan?.["QUERY PLAN"])).toContain('"Index Name":"audit_logs_user_id_timestamp_id_idx"');
  });
});
