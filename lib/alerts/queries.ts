import "server-only";
import { readRuleSettings } from "@/lib/alerts/rule-settings";
import { ALERT_RULES, isAlertRuleKey, thresholdsOf, type AlertRuleKey } from "@/lib/alerts/rules";
import { AlertId, type AlertDetail, type AlertListCriteria, type AlertListItem, type AlertRuleView, type AlertSortField } from "@/lib/alerts/schema";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Page } from "@/lib/patients/page";

// Reading alerts (alerts:read). An alert names users, addresses and patients by id, so every list and detail read
// writes its audit row in the same transaction; the nav badge's count names nobody and is not audited.

export const ALERT_LIST_SELECT = {
  id: true,
  ruleKey: true,
  severity: true,
  status: true,
  subjectKey: true,
  userId: true,
  username: true,
  patientId: true,
  apiKeyId: true,
  connectionId: true,
  ipAddress: true,
  title: true,
  summary: true,
  count: true,
  eventCount: true,
  firstSeenAt: true,
  lastSeenAt: true,
  assigneeId: true,
} satisfies Prisma.AlertSelect;

type AlertListRow = Prisma.AlertGetPayload<{ select: typeof ALERT_LIST_SELECT }>;

function ruleTitle(key: string): string {
  return isAlertRuleKey(key) ? ALERT_RULES[key].title : key;
}

async function assigneeNames(tx: Tx, rows: readonly { assigneeId: string | null }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((row) => (row.assigneeId ? [row.assigneeId] : [])))];
  if (ids.length === 0) return new Map();
  const users = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
}

export function alertListItem(row: AlertListRow, names: Map<string, string>): AlertListItem {
  return { ...row, ruleTitle: ruleTitle(row.ruleKey), assigneeName: row.assigneeId ? (names.get(row.assigneeId) ?? null) : null };
}

function whereOf(criteria: AlertListCriteria): Prisma.AlertWhereInput {
  const where: Prisma.AlertWhereInput[] = [];
  if (criteria.status === "unresolved") where.push({ status: { not: "resolved" } });
  else if (criteria.status) where.push({ status: criteria.status });
  if (criteria.severity) where.push({ severity: criteria.severity });
  if (criteria.rule) where.push({ ruleKey: criteria.rule });
  if (criteria.assignee === "unassigned") where.push({ assigneeId: null });
  else if (criteria.assignee) where.push({ assigneeId: criteria.assignee });
  if (criteria.userId) where.push({ OR: [{ userId: criteria.userId }, { apiKeyId: criteria.userId }] });
  if (criteria.patientId) where.push({ patientId: criteria.patientId });
  if (criteria.from) where.push({ lastSeenAt: { gte: criteria.from } });
  if (criteria.to) where.push({ firstSeenAt: { lte: criteria.to } });
  return { AND: where };
}

const SORT_COLUMN: Record<AlertSortField, keyof Prisma.AlertOrderByWithRelationInput> = {
  lastSeenAt: "lastSeenAt",
  firstSeenAt: "firstSeenAt",
  severity: "severity",
  count: "count",
  status: "status",
  rule: "ruleKey",
};

/** Which filters a list used: ids only, never a value that could be PHI. */
function criteriaSummary(criteria: AlertListCriteria): Prisma.InputJsonObject {
  return {
    status: criteria.status ?? null,
    severity: criteria.severity ?? null,
    rule: criteria.rule ?? null,
    assignee: criteria.assignee ?? null,
    userId: criteria.userId ?? null,
    patientId: criteria.patientId ?? null,
    from: criteria.from?.toISOString() ?? null,
    to: criteria.to?.toISOString() ?? null,
    sort: criteria.sort ?? null,
    dir: criteria.dir,
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

export async function listAlerts(ctx: AuthContext, criteria: AlertListCriteria): Promise<Page<AlertListItem>> {
  await assertCan(ctx, "alerts:read");
  return inTransaction(async (tx) => {
    const where = whereOf(criteria);
    const direction = criteria.sort ? criteria.dir : "desc";
    const orderBy: Prisma.AlertOrderByWithRelationInput[] = [{ [SORT_COLUMN[criteria.sort ?? "lastSeenAt"]]: direction }, { lastSeenAt: "desc" }, { id: "desc" }];
    const [rows, total] = [
      await tx.alert.findMany({ where, orderBy, select: ALERT_LIST_SELECT, skip: (criteria.page - 1) * criteria.pageSize, take: criteria.pageSize }),
      await tx.alert.count({ where }),
    ];
    const names = await assigneeNames(tx, rows);
    await writeAudit(tx, {
      action: "alert.listed",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "alert",
      details: { criteria: criteriaSummary(criteria), results: rows.length, total, resultIds: rows.map((row) => row.id) },
    });
    return { data: rows.map((row) => alertListItem(row, names)), page: criteria.page, pageSize: criteria.pageSize, total, totalIsEstimate: false };
  });
}

/** Newest linked events shown with an alert (at most this many are stored per alert). */
export const LINKED_EVENTS_KEPT = 100;

/** An unknown or malformed id is audited as a failed lookup (the row commits), then answered NOT_FOUND. */
export async function getAlert(ctx: AuthContext, alertId: string): Promise<AlertDetail> {
  await assertCan(ctx, "alerts:read");
  const found = await inTransaction(async (tx) => {
    const alert = AlertId.safeParse({ alertId }).success ? await readAlert(tx, alertId) : null;
    if (alert) await auditAlertRead(tx, ctx, { resourceId: alert.id, details: { rule: alert.ruleKey, status: alert.status } });
    else await auditAlertRead(tx, ctx, { missing: true, details: { alertId: alertId.slice(0, 64) } });
    return alert;
  });
  if (!found) throw new AppError("NOT_FOUND", "There is no such alert.");
  return found;
}

async function auditAlertRead(tx: Tx, ctx: AuthContext, read: { resourceId?: string; missing?: boolean; details: Prisma.InputJsonObject }): Promise<void> {
  await writeAudit(tx, {
    action: "alert.viewed",
    actor: ctx.actor,
    request: ctx.request,
    outcome: read.missing ? "failure" : "success",
    statusCode: read.missing ? 404 : 200,
    resourceType: "alert",
    resourceId: read.resourceId,
    details: read.details,
  });
}

async function readAlert(tx: Tx, alertId: string): Promise<AlertDetail | null> {
  const alert = await tx.alert.findUnique({
    where: { id: alertId },
    select: {
      ...ALERT_LIST_SELECT,
      details: true,
      acknowledgedAt: true,
      acknowledgedBy: true,
      resolvedAt: true,
      resolvedBy: true,
      resolutionNote: true,
      createdAt: true,
      updatedAt: true,
      events: { select: { auditLogId: true }, orderBy: { auditLogId: "desc" }, take: LINKED_EVENTS_KEPT },
    },
  });
  if (!alert) return null;
  const { events: links, ...stored } = alert;
  const events = await tx.auditLog.findMany({
    where: { id: { in: links.map((link) => link.auditLogId) } },
    select: { id: true, timestamp: true, action: true, status: true, userId: true, username: true, patientId: true, patientMrn: true, ipAddress: true, requestPath: true },
    orderBy: { id: "desc" },
  });
  const names = await assigneeNames(tx, [stored]);
  return { ...stored, ...alertListItem(stored, names), events: events.map((event) => ({ ...event, id: event.id.toString() })) };
}

/** Unresolved alerts, for the nav badge: one index-only count, not audited (it names nobody). */
export async function countOpenAlerts(ctx: AuthContext): Promise<number> {
  await assertCan(ctx, "alerts:read");
  return db().alert.count({ where: { status: { not: "resolved" } } });
}

export async function listRules(ctx: AuthContext): Promise<AlertRuleView[]> {
  await assertCan(ctx, "alerts:read");
  const settings = await inTransaction((tx) => readRuleSettings(tx));
  return settings.map((setting) => {
    const rule = ALERT_RULES[setting.key];
    return { ...setting, title: rule.title, description: rule.description, group: rule.group, defaultThresholds: thresholdsOf(setting.key, {}) as Record<string, unknown> };
  });
}

/** Who an alert can be assigned to: active users whose role may manage alerts. */
export async function listAlertAssignees(ctx: AuthContext): Promise<{ id: string; name: string }[]> {
  await assertCan(ctx, "alerts:manage");
  const roles = Object.entries(ROLE_PERMISSIONS).flatMap(([role, permissions]) => (permissions.includes("alerts:manage") ? [role as Role] : []));
  return db().user.findMany({ where: { active: true, role: { in: roles } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** One rule's settings, as listRules gives them. */
export async function getRule(ctx: AuthContext, key: AlertRuleKey): Promise<AlertRuleView> {
  const rule = (await listRules(ctx)).find((view) => view.key === key);
  if (!rule) throw new AppError("NOT_FOUND", "There is no such rule.");
  return rule;
}
