import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { countOpenAlerts, getAlert, listAlerts, listRules } from "@/lib/alerts/queries";
import { AlertListCriteria, AlertRuleUpdate, ResolveAlert } from "@/lib/alerts/schema";
import { acknowledgeAlert, assignAlert, reopenAlert, resolveAlert, updateRule } from "@/lib/alerts/service";
import { db } from "@/lib/db/client";
import { auditRowsOf, nextRequest, userContextFor } from "@/lib/patients/testing/factories";
import { contextFor } from "@/lib/testing/auth-context";

// The alert workflow as a compliance officer works it: every change checked, audited in its own transaction, and
// refused when the transition makes no sense.

async function openAlert(subject = `user:${randomUUID()}`) {
  const now = new Date();
  return db().alert.create({
    data: { ruleKey: "signin.lockout", severity: "medium", subjectKey: subject, openKey: subject, title: "Account locked out", summary: "Locked after 5 wrong passwords", firstSeenAt: now, lastSeenAt: now },
    select: { id: true, subjectKey: true },
  });
}

describe("alert workflow", () => {
  it("acknowledges, assigns, resolves with a note and reopens, each with its audit row", async () => {
    const officer = await userContextFor("compliance");
    const colleague = await userContextFor("compliance");
    const alert = await openAlert();

    const acknowledging = nextRequest(officer);
    expect(await acknowledgeAlert(acknowledging, { alertId: alert.id })).toEqual({ alertId: alert.id, status: "acknowledged" });
    expect(await auditRowsOf(acknowledging)).toEqual([
      expect.objectContaining({ action: "alert.acknowledged", status: "success", userId: officer.actor.id, details: { rule: "signin.lockout", from: "open", to: "acknowledged" } }),
    ]);
    await expect(acknowledgeAlert(nextRequest(officer), { alertId: alert.id })).rejects.toMatchObject({ code: "CONFLICT" });

    const assigning = nextRequest(officer);
    await assignAlert(assigning, { alertId: alert.id, assigneeId: colleague.actor.id });
    expect(await auditRowsOf(assigning)).toEqual([expect.objectContaining({ action: "alert.assigned", details: { rule: "signin.lockout", from: null, to: colleague.actor.id } })]);

    const resolving = nextRequest(colleague);
    await resolveAlert(resolving, ResolveAlert.parse({ alertId: alert.id, note: "The user forgot their password after leave." }));
    expect(await auditRowsOf(resolving)).toEqual([
      expect.objectContaining({ action: "alert.resolved", details: { rule: "signin.lockout", from: "acknowledged", to: "resolved", note: "The user forgot their password after leave." } }),
    ]);
    const resolved = await getAlert(nextRequest(officer), alert.id);
    expect(resolved).toMatchObject({ status: "resolved", resolutionNote: "The user forgot their password after leave.", resolvedBy: colleague.actor.id, assigneeName: colleague.actor.name });
    await expect(resolveAlert(nextRequest(officer), ResolveAlert.parse({ alertId: alert.id, note: "again" }))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(assignAlert(nextRequest(officer), { alertId: alert.id, assigneeId: null })).rejects.toMatchObject({ code: "CONFLICT" });

    const reopening = nextRequest(officer);
    await reopenAlert(reopening, { alertId: alert.id, reason: "The same account was locked again the next day." });
    expect(await auditRowsOf(reopening)).toEqual([expect.objectContaining({ action: "alert.reopened", details: expect.objectContaining({ from: "resolved", to: "open" }) })]);
    expect(await getAlert(nextRequest(officer), alert.id)).toMatchObject({ status: "open", resolutionNote: null });
  });

  it("answers NOT_FOUND for an unknown or malformed alert id, each lookup audited as a failed read", async () => {
    const officer = await userContextFor("compliance");
    for (const alertId of [randomUUID(), "not-a-uuid", "x".repeat(300)]) {
      const looking = nextRequest(officer);
      await expect(getAlert(looking, alertId)).rejects.toMatchObject({ code: "NOT_FOUND" });
      expect(await auditRowsOf(looking)).toEqual([
        expect.objectContaining({ action: "alert.viewed", status: "failure", statusCode: 404, details: { alertId: alertId.slice(0, 64) } }),
      ]);
    }
  });

  it("refuses a resolution without a note, an assignee who may not manage alerts, and roles without the permission", async () => {
    expect(ResolveAlert.safeParse({ alertId: randomUUID(), note: "  " }).success).toBe(false);
    const officer = await userContextFor("compliance");
    const clinician = await userContextFor("clinician");
    const alert = await openAlert();
    await expect(assignAlert(nextRequest(officer), { alertId: alert.id, assigneeId: clinician.actor.id })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { assigneeId: expect.any(Array) } });
    const refused = nextRequest(clinician);
    await expect(acknowledgeAlert(refused, { alertId: alert.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await auditRowsOf(refused)).toEqual([expect.objectContaining({ action: "access.denied", details: { permission: "alerts:manage", reason: "permission_missing" } })]);
    await expect(updateRule(contextFor("compliance"), AlertRuleUpdate.parse({ key: "signin.lockout", enabled: false }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(acknowledgeAlert(officer, { alertId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reopens only when no newer alert about the same subject is open", async () => {
    const officer = await userContextFor("compliance");
    const subject = `user:${randomUUID()}`;
    const first = await openAlert(subject);
    await resolveAlert(officer, ResolveAlert.parse({ alertId: first.id, note: "Handled." }));
    await openAlert(subject);
    await expect(reopenAlert(nextRequest(officer), { alertId: first.id, reason: "Look again" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lists with filters and counts unresolved alerts, each list read audited", async () => {
    const officer = await userContextFor("compliance");
    const alert = await openAlert();
    const before = await countOpenAlerts(officer);
    const listing = nextRequest(officer);
    const page = await listAlerts(listing, AlertListCriteria.parse({ status: "unresolved", rule: "signin.lockout" }));
    expect(page.data.map((item) => item.id)).toContain(alert.id);
    expect(page.data.every((item) => item.status !== "resolved")).toBe(true);
    expect(await auditRowsOf(listing)).toEqual([expect.objectContaining({ action: "alert.listed", details: expect.objectContaining({ total: page.total }) })]);
    await resolveAlert(officer, ResolveAlert.parse({ alertId: alert.id, note: "Handled." }));
    expect(await countOpenAlerts(officer)).toBe(before - 1);
    expect(AlertListCriteria.safeParse({ colour: "red" }).success).toBe(false);
  });

  it("changes a rule's thresholds within its schema, audited with old and new values", async () => {
    const admin = await userContextFor("admin");
    expect(AlertRuleUpdate.safeParse({ key: "signin.failed_per_ip", thresholds: { threshold: 0 } }).success).toBe(false);
    expect(AlertRuleUpdate.safeParse({ key: "signin.failed_per_ip", thresholds: { unknown: 1 } }).success).toBe(false);
    const updating = nextRequest(admin);
    const result = await updateRule(updating, AlertRuleUpdate.parse({ key: "signin.failed_per_ip", severity: "critical", thresholds: { threshold: 50 } }));
    expect(result.changed).toEqual(["severity", "thresholds"]);
    expect(await auditRowsOf(updating)).toEqual([
      expect.objectContaining({
        action: "alert_rule.updated",
        details: { changes: { severity: { from: "high", to: "critical" }, thresholds: { from: { windowMinutes: 15, threshold: 20 }, to: { windowMinutes: 15, threshold: 50 } } } },
      }),
    ]);
    const rule = (await listRules(admin)).find((entry) => entry.key === "signin.failed_per_ip");
    expect(rule).toMatchObject({ severity: "critical", thresholds: { windowMinutes: 15, threshold: 50 }, defaultThresholds: { windowMinutes: 15, threshold: 20 } });
    expect((await updateRule(nextRequest(admin), AlertRuleUpdate.parse({ key: "signin.failed_per_ip", severity: "critical" }))).changed).toEqual([]);
  });
});
