import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuthContext } from "@/lib/auth/assert";
import { CompliancePeriod, DisclosureCriteria } from "@/lib/compliance/criteria";
import { accountingOfDisclosures } from "@/lib/compliance/disclosures";
import { complianceCsv } from "@/lib/compliance/csv";
import { complianceReport } from "@/lib/compliance/report";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditRowsOf, insertPatient, userContextFor } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

// A trail seeded inside one past month (and a few rows just outside it); every figure is checked against a direct
// SQL count over the same rows, and against the number seeded, so a wrong filter fails either way.
const period = CompliancePeriod.parse({ from: "2025-03-01", to: "2025-03-31" });
const inside = (day: number, hour = 12) => new Date(Date.UTC(2025, 2, day, hour));
const before = new Date(Date.UTC(2025, 1, 28, 23, 59));
const after = new Date(Date.UTC(2025, 3, 1, 0, 0));

type Seed = Partial<Prisma.AuditLogCreateManyInput>;
const row = (values: Seed): Prisma.AuditLogCreateManyInput => ({
  eventType: "data_access",
  action: "patient.viewed",
  status: "success",
  timestamp: inside(10),
  ...values,
});

async function count(sql: string, ...values: unknown[]): Promise<number> {
  const [result] = await db().$queryRawUnsafe<{ count: number }[]>(sql, ...values);
  return result!.count;
}

let officer: AuthContext;
let patient: { id: string; mrn: string };
let apiKeyId: string;

beforeAll(async () => {
  officer = await userContextFor("compliance");
  const clinician = await userContextFor("clinician");
  patient = await insertPatient();
  const otherPatient = await insertPatient();
  apiKeyId = (await db().apiKey.create({ data: { name: "Lab portal", role: "integration", prefix: `mk_${randomUUID().slice(0, 8)}`, secretHash: "x" } })).id;

  await db().auditLog.createMany({
    data: [
      row({ userRole: "clinician", dataCategory: "demographics" }),
      row({ userRole: "clinician", dataCategory: "demographics", timestamp: inside(31, 23) }),
      row({ userRole: "clinician", dataCategory: "labs" }),
      row({ userRole: "admin", dataCategory: "demographics", timestamp: inside(1, 0) }),
      row({ userRole: "clinician", dataCategory: "demographics", timestamp: before }),
      row({ userRole: "clinician", dataCategory: "demographics", timestamp: after }),
      row({ userRole: "clinician", dataCategory: "labs", status: "denied" }),
      row({ action: "access.denied", eventType: "authorization", status: "denied", username: "mallory", ipAddress: "10.9.9.9", details: { reason: "permission_missing", permission: "audit:read" } }),
      row({ action: "access.denied", eventType: "authorization", status: "denied", username: "mallory", ipAddress: "10.9.9.9", details: { reason: "permission_missing", permission: "audit:read" } }),
      row({ action: "access.denied", eventType: "authorization", status: "denied", username: "mallory", timestamp: after }),
      row({ action: "audit.verified", eventType: "audit", status: "success", timestamp: inside(5) }),
      row({ action: "audit.verified", eventType: "audit", status: "failure", timestamp: inside(20) }),
      row({ action: "audit.verified", eventType: "audit", status: "success", timestamp: after }),
      row({ action: "encryption.keys_rotated", eventType: "administration", details: { rotated: { "patients.ssn": 38, "emr_connections.credentials": 2 }, skipped: 0, completed: true } }),
      row({ action: "encryption.keys_rotated", eventType: "administration", details: { rotated: 2, skipped: 0, completed: true } }),
      row({ action: "retention.enforced", eventType: "administration", details: { deleted: { hl7_raw: 4, ended_sessions: 3, audit_trail: 0 }, checkpoints: 0 } }),
      row({ action: "retention.enforced", eventType: "administration", details: { deleted: 7 }, timestamp: before }),
      // Disclosures of `patient`: one API-key read, one HL7 delivery, plus a clinician's read and one outside the period.
      row({ userId: apiKeyId, username: "Lab portal", userRole: "integration", patientId: patient.id, patientMrn: patient.mrn, dataCategory: "labs" }),
      row({ action: "hl7.received", eventType: "data_modification", userId: "mllp:10.1.2.3", username: "mllp:10.1.2.3", userRole: "integration", patientId: patient.id, patientMrn: patient.mrn, dataCategory: "messages", details: { messageType: "ADT^A08" } }),
      row({ userId: clinician.actor.id, userRole: "clinician", patientId: patient.id, patientMrn: patient.mrn, dataCategory: "demographics" }),
      row({ userId: apiKeyId, userRole: "integration", patientId: patient.id, patientMrn: patient.mrn, dataCategory: "labs", timestamp: after }),
      row({ userId: apiKeyId, userRole: "integration", patientId: otherPatient.id, patientMrn: otherPatient.mrn, dataCategory: "labs" }),
    ],
  });

  const grant = (createdAt: Date) => ({ userId: clinician.actor.id, patientId: patient.id, reason: "Emergency", expiresAt: new Date(createdAt.getTime() + 3_600_000), createdAt });
  const [reviewedGrant] = await db().emergencyAccessGrant.createManyAndReturn({ data: [grant(inside(3)), grant(inside(4)), grant(after)] });
  await db().auditLog.create({ data: row({ action: "emergency_access.reviewed", eventType: "audit", resourceType: "emergency_access", resourceId: reviewedGrant!.id, timestamp: after }) });

  const alert = (ruleKey: string, status: "open" | "acknowledged" | "resolved", firstSeenAt = inside(8)) => ({
    ruleKey, status, severity: "high" as const, subjectKey: randomUUID(), title: "t", summary: "s", firstSeenAt, lastSeenAt: firstSeenAt,
  });
  await db().alert.createMany({ data: [alert("bulk_access", "open"), alert("bulk_access", "open"), alert("bulk_access", "resolved"), alert("after_hours", "acknowledged"), alert("after_hours", "open", after)] });
});

describe("complianceReport", () => {
  it("reports figures equal to direct SQL counts over the period, and records that it was viewed", async () => {
    const report = await complianceReport(officer, period, "viewed");
    const range = [period.start, period.end];

    const accessSql = await db().$queryRawUnsafe<{ role: string; category: string; count: number }[]>(
      `SELECT coalesce(user_role, '(none)') AS role, coalesce(data_category, '(none)') AS category, count(*)::int AS count FROM audit_logs
       WHERE event_type = 'data_access' AND status = 'success' AND timestamp >= $1 AND timestamp < $2 GROUP BY 1, 2 ORDER BY 1, 2`,
      ...range,
    );
    expect(report.accessByRoleAndCategory).toEqual(accessSql);
    expect(report.accessByRoleAndCategory).toEqual(expect.arrayContaining([
      { role: "clinician", category: "demographics", count: 3 },
      { role: "admin", category: "demographics", count: 1 },
      { role: "integration", category: "labs", count: 2 },
    ]));

    const denied = await count(`SELECT count(*)::int AS count FROM audit_logs WHERE status = 'denied' AND timestamp >= $1 AND timestamp < $2`, ...range);
    expect(report.denials.total).toBe(denied);
    expect(report.denials.total).toBe(3);
    expect(report.denials.byReason).toContainEqual({ label: "permission_missing: audit:read", value: 2 });
    expect(report.denials.topUsers[0]).toEqual({ label: "mallory", value: 2 });
    expect(report.denials.topIps).toContainEqual({ label: "10.9.9.9", value: 2 });

    expect(report.emergencyAccess).toEqual({ granted: 2, reviewed: 1, awaiting: 1, overdue: 1 });
    const grants = await count(`SELECT count(*)::int AS count FROM emergency_access_grants WHERE created_at >= $1 AND created_at < $2`, ...range);
    expect(report.emergencyAccess.granted).toBe(grants);

    expect(report.alerts).toEqual([
      { rule: "after_hours", status: "acknowledged", count: 1 },
      { rule: "bulk_access", status: "open", count: 2 },
      { rule: "bulk_access", status: "resolved", count: 1 },
    ]);
    expect(report.alerts.reduce((sum, entry) => sum + entry.count, 0)).toBe(
      await count(`SELECT count(*)::int AS count FROM alerts WHERE first_seen_at >= $1 AND first_seen_at < $2`, ...range),
    );

    expect(report.verifications).toEqual({ runs: 2, ok: 1, failed: 1, last: { at: inside(20), ok: false } });
    expect(report.retentionRuns).toEqual({ runs: 1, deleted: 7 });
    expect(report.keyRotations).toEqual({ runs: 2, rowsReencrypted: 42 });
    expect(report.keyRotations.runs).toBe(
      await count(`SELECT count(*)::int AS count FROM audit_logs WHERE action = 'encryption.keys_rotated' AND timestamp >= $1 AND timestamp < $2`, ...range),
    );

    expect(await auditRowsOf(officer)).toEqual([
      expect.objectContaining({ action: "audit.viewed", status: "success", details: { report: "compliance", from: "2025-03-01", to: "2025-03-31" } }),
    ]);
  });

  it("exports every figure as a (section, metric, value) row, audited as an export", async () => {
    const ctx = await userContextFor("compliance");
    const csv = complianceCsv(await complianceReport(ctx, period, "exported"));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("section,metric,value");
    expect(lines).toEqual(expect.arrayContaining(["access,clinician / demographics,3", "denials,total,3", "emergency access,awaiting review,1", "alerts,bulk_access / open,2", "key rotation,rows re-encrypted,42"]));
    expect(await auditRowsOf(ctx)).toEqual([expect.objectContaining({ action: "audit.exported", details: expect.objectContaining({ report: "compliance" }) })]);
  });

  it.each(["clinician", "admin"] as const)("refuses a %s, and audits the refusal", async (role) => {
    const ctx = contextFor(role);
    await expect(complianceReport(ctx, period, "viewed")).rejects.toBeInstanceOf(AppError);
    await expect(accountingOfDisclosures(ctx, DisclosureCriteria.parse({ mrn: patient.mrn }), "viewed")).rejects.toBeInstanceOf(AppError);
    expect(await count(`SELECT count(*)::int AS count FROM audit_logs WHERE user_id = $1 AND status = 'denied'`, ctx.actor.id)).toBe(2);
  });
});

describe("accountingOfDisclosures", () => {
  it("lists every access to the patient's PHI by an API key or HL7 connection in the period, equal to direct SQL", async () => {
    const ctx = await userContextFor("compliance");
    const accounting = await accountingOfDisclosures(ctx, DisclosureCriteria.parse({ mrn: patient.mrn, from: "2025-03-01", to: "2025-03-31" }), "viewed");
    const expected = await db().$queryRawUnsafe<{ id: string }[]>(
      `SELECT a.id::text AS id FROM audit_logs a WHERE a.patient_id = $1::uuid AND a.timestamp >= $2 AND a.timestamp < $3
         AND (a.user_id IN (SELECT id::text FROM api_keys) OR a.action = 'hl7.received' OR a.user_role = 'integration') ORDER BY a.timestamp DESC, a.id DESC`,
      patient.id, period.start, period.end,
    );
    expect(accounting.disclosures.map((entry) => entry.id)).toEqual(expected.map((entry) => entry.id));
    expect(accounting.disclosures.map(({ recipient, recipientKind, action, dataCategory, purpose }) => ({ recipient, recipientKind, action, dataCategory, purpose }))).toEqual(
      expect.arrayContaining([
        { recipient: "Lab portal", recipientKind: "api_key", action: "patient.viewed", dataCategory: "labs", purpose: null },
        { recipient: "mllp:10.1.2.3", recipientKind: "connection", action: "hl7.received", dataCategory: "messages", purpose: "ADT^A08" },
      ]),
    );
    expect(accounting.disclosures).toHaveLength(2);
    expect(await auditRowsOf(ctx)).toEqual([
      expect.objectContaining({ action: "audit.viewed", patientId: patient.id, details: expect.objectContaining({ report: "disclosures", disclosures: 2 }) }),
    ]);
  });

  it("refuses unknown parameters and a period that ends before it starts", () => {
    expect(DisclosureCriteria.safeParse({ mrn: "M1", extra: "x" }).success).toBe(false);
    expect(CompliancePeriod.safeParse({ from: "2025-04-02", to: "2025-04-01" }).success).toBe(false);
  });
});
