import { describe, expect, it } from "vitest";
import { verifyAuditTrail } from "@/lib/audit/verification";
import { db } from "@/lib/db/client";
import { grantEmergencyAccess } from "@/lib/patients/service";
import { auditRowsOf, insertPatient, nextRequest, userContextFor } from "@/lib/patients/testing/factories";
import { reviewQueue } from "@/lib/review/queue";
import { EmergencyAccessReview } from "@/lib/review/schema";
import { reviewEmergencyAccess } from "@/lib/review/service";
import { contextFor } from "@/lib/testing/auth-context";

async function brokenGlass() {
  const clinician = await userContextFor("clinician");
  const patient = await insertPatient({ restricted: true });
  const grant = await grantEmergencyAccess(clinician, patient.id, "Unconscious patient in the emergency department");
  return { clinician, patient, grant };
}

const review = (grantId: string, note = "Confirmed with the attending: a genuine emergency.") => EmergencyAccessReview.parse({ grantId, note });

describe("reviewQueue", () => {
  it("lists emergency accesses until someone reviews them, each review once, in the trail", async () => {
    const older = await brokenGlass();
    const newer = await brokenGlass();
    const officer = await userContextFor("compliance");

    const before = await reviewQueue(officer);
    const listed = before.emergencyAccesses.data.map((entry) => entry.grantId);
    expect(listed.indexOf(older.grant.id)).toBeLessThan(listed.indexOf(newer.grant.id));
    expect(before.emergencyAccesses.data.find((entry) => entry.grantId === older.grant.id)).toEqual({
      grantId: older.grant.id,
      grantedAt: expect.any(Date),
      expiresAt: older.grant.expiresAt,
      reason: "Unconscious patient in the emergency department",
      userId: older.clinician.actor.id,
      userName: older.clinician.actor.name,
      patientId: older.patient.id,
      patientMrn: older.patient.mrn,
    });
    expect(await auditRowsOf(officer)).toEqual([
      expect.objectContaining({ action: "audit.viewed", status: "success", details: expect.objectContaining({ view: "review_queue", awaitingReview: listed }) }),
    ]);

    const reviewing = nextRequest(officer);
    expect(await reviewEmergencyAccess(reviewing, review(older.grant.id))).toEqual({ grantId: older.grant.id });
    expect(await auditRowsOf(reviewing)).toEqual([
      expect.objectContaining({
        action: "emergency_access.reviewed",
        status: "success",
        userId: officer.actor.id,
        patientId: older.patient.id,
        patientMrn: older.patient.mrn,
        details: { note: "Confirmed with the attending: a genuine emergency.", grantedTo: older.clinician.actor.id, grantedAt: expect.any(String) },
      }),
    ]);

    const after = await reviewQueue(nextRequest(officer));
    expect(after.emergencyAccesses.data.map((entry) => entry.grantId)).not.toContain(older.grant.id);
    expect(after.emergencyAccesses.data.map((entry) => entry.grantId)).toContain(newer.grant.id);
    expect(after.emergencyAccesses.total).toBe(before.emergencyAccesses.total - 1);

    await expect(reviewEmergencyAccess(nextRequest(officer), review(older.grant.id))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("records one review when two officers review the same access at once", async () => {
    const { grant } = await brokenGlass();
    const officers = [await userContextFor("compliance"), await userContextFor("compliance")];
    const outcomes = await Promise.allSettled(officers.map((officer) => reviewEmergencyAccess(officer, review(grant.id))));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
    expect(await db().auditLog.count({ where: { action: "emergency_access.reviewed", resourceId: grant.id } })).toBe(1);
  });

  it("shows recent refusals newest first with the missing permission, and the last chain verification", async () => {
    const officer = await userContextFor("compliance");
    const clinician = contextFor("clinician");
    await expect(reviewQueue(clinician)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const verified = await verifyAuditTrail(nextRequest(officer));

    const queue = await reviewQueue(officer);
    expect(queue.denials.data[0]).toMatchObject({ action: "access.denied", username: clinician.actor.name, userRole: "clinician", statusCode: 403, permission: "audit:read" });
    expect(queue.denials.total).toBeGreaterThanOrEqual(1);
    expect(queue.denials.totalIsCapped).toBe(false);
    expect(queue.latestVerification).toMatchObject({ ok: verified.ok, verifiedBy: officer.actor.name });
  });

  it("refuses reviews without emergency_access:review and unknown grants, auditing each refusal", async () => {
    const { grant } = await brokenGlass();
    for (const role of ["clinician", "admin"] as const) {
      const ctx = contextFor(role);
      await expect(reviewEmergencyAccess(ctx, review(grant.id))).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await auditRowsOf(ctx)).toEqual([expect.objectContaining({ action: "access.denied", details: { permission: "emergency_access:review", reason: "permission_missing" } })]);
    }
    const officer = await userContextFor("compliance");
    await expect(reviewEmergencyAccess(officer, review("00000000-0000-4000-8000-000000000000"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(EmergencyAccessReview.safeParse({ grantId: grant.id, note: "  " }).error?.issues[0]?.message).toBe("Required");
  });
});
