import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { insertPatient } from "@/lib/patients/testing/factories";
import { systemOverview } from "@/lib/stats/queries";
import { contextFor } from "@/lib/testing/auth-context";

describe("systemOverview", () => {
  it("gives an administrator the record counts and the health of PostgreSQL and the cache", async () => {
    await insertPatient();
    const overview = await systemOverview(contextFor("admin"));
    expect(overview.counts?.patients).toBe(await db().patient.count());
    expect(overview.counts?.users).toBe(await db().user.count());
    expect(overview.database).toMatchObject({ status: "up", pool: expect.objectContaining({ max: expect.any(Number) }) });
    expect(overview.cache.status).toMatch(/^(up|down)$/);
  });

  it.each(["clinician", "integration"] as const)("refuses a %s (dashboards:read is for administrators and compliance officers) and audits it", async (role) => {
    const ctx = contextFor(role);
    await expect(systemOverview(ctx)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const rows = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true, status: true, details: true } });
    expect(rows).toEqual([{ action: "access.denied", status: "denied", details: { permission: "dashboards:read", reason: "permission_missing" } }]);
  });
});
