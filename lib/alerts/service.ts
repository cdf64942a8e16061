import "server-only";
import { ensureRuleRows } from "@/lib/alerts/rule-settings";
import { ALERT_RULES, thresholdsOf } from "@/lib/alerts/rules";
import type { AcknowledgeAlert, AlertRuleUpdate, AlertStatus, AssignAlert, ReopenAlert, ResolveAlert } from "@/lib/alerts/schema";
import type { AuditAction } from "@/lib/audit/events";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { can } from "@/lib/auth/permissions";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

// The alert workflow: open → acknowledged → resolved (with a note), assignment, reopening; and rule settings. Each
// change takes the alert's row lock, checks the transition, and writes its audit row in the same transaction.

interface LockedAlert {
  id: string;
  rule_key: string;
  status: AlertStatus;
  subject_key: string;
  assignee_id: string | null;
}

async function lockAlert(tx: Tx, alertId: string): Promise<LockedAlert> {
  const [alert] = await tx.$queryRaw<LockedAlert[]>`
    SELECT id::text, rule_key, status::text AS status, subject_key, assignee_id::text FROM alerts WHERE id = ${alertId}::uuid FOR UPDATE`;
  if (!alert) throw new AppError("NOT_FOUND", "There is no such alert.");
  return alert;
}

async function auditAlertChange(tx: Tx, ctx: AuthContext, action: AuditAction, alert: LockedAlert, details: Prisma.InputJsonObject): Promise<void> {
  await writeAudit(tx, {
    action,
    actor: ctx.actor,
    request: ctx.request,
    outcome: "success",
    statusCode: 200,
    resourceType: "alert",
    resourceId: alert.id,
    details: { rule: alert.rule_key, ...details },
  });
}

export interface AlertChange {
  alertId: string;
  status: AlertStatus;
}

export async function acknowledgeAlert(ctx: AuthContext, input: AcknowledgeAlert): Promise<AlertChange> {
  await assertCan(ctx, "alerts:manage");
  return inTransaction(async (tx) => {
    const alert = await lockAlert(tx, input.alertId);
    if (alert.status !== "open") throw new AppError("CONFLICT", alert.status === "resolved" ? "This alert is resolved." : "This alert is already acknowledged.");
    await tx.alert.update({ where: { id: alert.id }, data: { status: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: ctx.actor.id, updatedAt: new Date() } });
    await auditAlertChange(tx, ctx, "alert.acknowledged", alert, { from: alert.status, to: "acknowledged" });
    return { alertId: alert.id, status: "acknowledged" };
  });
}

/** Only someone who may work on alerts can be given one. */
async function requireAssignable(tx: Tx, assigneeId: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: assigneeId }, select: { role: true, active: true } });
  if (user?.active && can(user.role, "alerts:manage")) return;
  throw new AppError("INVALID", "The alert cannot be assigned to this user.", { assigneeId: ["Must be an active user who may manage alerts"] });
}

export async function assignAlert(ctx: AuthContext, input: AssignAlert): Promise<AlertChange & { assigneeId: string | null }> {
  await assertCan(ctx, "alerts:manage");
  return inTransaction(async (tx) => {
    const alert = await lockAlert(tx, input.alertId);
    if (alert.status === "resolved") throw new AppError("CONFLICT", "This alert is resolved; reopen it first.");
    if (alert.assignee_id === input.assigneeId) throw new AppError("CONFLICT", input.assigneeId ? "The alert is already assigned to this user." : "The alert is not assigned.");
    if (input.assigneeId) await requireAssignable(tx, input.assigneeId);
    await tx.alert.update({ where: { id: alert.id }, data: { assigneeId: input.assigneeId, updatedAt: new Date() } });
    await auditAlertChange(tx, ctx, "alert.assigned", alert, { from: alert.assignee_id, to: input.assigneeId });
    return { alertId: alert.id, status: alert.status, assigneeId: input.assigneeId };
  });
}

export async function resolveAlert(ctx: AuthContext, input: ResolveAlert): Promise<AlertChange> {
  await assertCan(ctx, "alerts:manage");
  return inTransaction(async (tx) => {
    const alert = await lockAlert(tx, input.alertId);
    if (alert.status === "resolved") throw new AppError("CONFLICT", "This alert is already resolved.");
    const now = new Date();
    // open_key cleared: the rule may raise a new alert about the same subject from now on.
    await tx.alert.update({ where: { id: alert.id }, data: { status: "resolved", openKey: null, resolvedAt: now, resolvedBy: ctx.actor.id, resolutionNote: input.note, updatedAt: now } });
    await auditAlertChange(tx, ctx, "alert.resolved", alert, { from: alert.status, to: "resolved", note: input.note });
    return { alertId: alert.id, status: "resolved" };
  });
}

export async function reopenAlert(ctx: AuthContext, input: ReopenAlert): Promise<AlertChange> {
  await assertCan(ctx, "alerts:manage");
  return inTransaction(async (tx) => {
    const alert = await lockAlert(tx, input.alertId);
    if (alert.status !== "resolved") throw new AppError("CONFLICT", "Only a resolved alert can be reopened.");
    const newer = await tx.alert.findFirst({ where: { ruleKey: alert.rule_key, openKey: alert.subject_key }, select: { id: true } });
    if (newer) throw new AppError("CONFLICT", "A newer alert of the same rule about the same subject is open: work on that one.");
    await tx.alert.update({
      where: { id: alert.id },
      data: { status: "open", openKey: alert.subject_key, resolvedAt: null, resolvedBy: null, resolutionNote: null, acknowledgedAt: null, acknowledgedBy: null, updatedAt: new Date() },
    });
    await auditAlertChange(tx, ctx, "alert.reopened", alert, { from: "resolved", to: "open", reason: input.reason });
    return { alertId: alert.id, status: "open" };
  });
}

const RULE_FIELDS = ["enabled", "severity", "thresholds", "notifyEmail", "notifyWebhook", "digest"] as const;

/** Changes one rule's settings (alerts:configure); the audit row has every changed field's old and new value. */
export async function updateRule(ctx: AuthContext, input: AlertRuleUpdate): Promise<{ key: string; changed: string[] }> {
  await assertCan(ctx, "alerts:configure");
  return inTransaction(async (tx) => {
    await ensureRuleRows(tx);
    const [locked] = await tx.$queryRaw<{ key: string }[]>`SELECT key FROM alert_rules WHERE key = ${input.key} FOR UPDATE`;
    if (!locked) throw new AppError("NOT_FOUND", "There is no such rule.");
    const before = await tx.alertRule.findUniqueOrThrow({ where: { key: input.key } });
    const next = {
      enabled: input.enabled ?? before.enabled,
      severity: input.severity ?? before.severity,
      thresholds: input.thresholds === undefined ? thresholdsOf(input.key, before.thresholds) : ALERT_RULES[input.key].thresholds.parse(input.thresholds),
      notifyEmail: input.notifyEmail ?? before.notifyEmail,
      notifyWebhook: input.notifyWebhook ?? before.notifyWebhook,
      digest: input.digest ?? before.digest,
    };
    const previous = { ...before, thresholds: thresholdsOf(input.key, before.thresholds) };
    const changes = Object.fromEntries(
      RULE_FIELDS.filter((field) => JSON.stringify(previous[field]) !== JSON.stringify(next[field])).map((field) => [field, { from: previous[field], to: next[field] }]),
    );
    if (Object.keys(changes).length === 0) return { key: input.key, changed: [] };
    await tx.alertRule.update({
      where: { key: input.key },
      data: { ...next, thresholds: next.thresholds as Prisma.InputJsonObject, updatedAt: new Date(), updatedById: ctx.actor.id },
    });
    await writeAudit(tx, {
      action: "alert_rule.updated",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "alert_rule",
      resourceId: input.key,
      details: { changes: changes as Prisma.InputJsonObject },
    });
    return { key: input.key, changed: Object.keys(changes) };
  });
}
