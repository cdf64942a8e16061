import { z } from "zod";
import { ALERT_RULE_KEYS, ALERT_RULES, ALERT_SEVERITIES, type AlertRuleKey } from "@/lib/alerts/rules";
import { requireOrder } from "@/lib/shared-schema/dates";
import { longText, requiredText, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { paginationShape, prepareQuery, queryInstant, queryParam, sortShape } from "@/lib/shared-schema/query";

// One schema per boundary: the /alerts pages, their server actions and the API all parse with these.

export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;
export const AlertStatusEnum = z.enum(ALERT_STATUSES).describe("open → acknowledged → resolved");
export type AlertStatus = z.infer<typeof AlertStatusEnum>;
export const AlertSeverityEnum = z.enum(ALERT_SEVERITIES).describe("low, medium, high or critical");
export const AlertRuleKeyEnum = z.enum(ALERT_RULE_KEYS, { error: `rule must be one of ${ALERT_RULE_KEYS.join(", ")}` }).describe("Detection rule");

const ALERT_SORT_FIELDS = ["lastSeenAt", "firstSeenAt", "severity", "count", "status", "rule"] as const;
export type AlertSortField = (typeof ALERT_SORT_FIELDS)[number];

/** The alerts list: filters like the audit log's, newest activity first unless sorted otherwise. */
export const AlertListCriteria = z.preprocess(
  prepareQuery,
  z
    .strictObject({
      status: queryParam(z.union([AlertStatusEnum, z.literal("unresolved")])).describe("A status, or unresolved (open or acknowledged)"),
      severity: queryParam(AlertSeverityEnum),
      rule: queryParam(AlertRuleKeyEnum),
      assignee: queryParam(z.union([Uuid, z.literal("unassigned")])).describe("The assignee's user id, or unassigned"),
      userId: queryParam(singleLine(64).min(1)).describe("The user (or API key) the alert is about"),
      patientId: queryParam(Uuid).describe("The patient the alert is about"),
      from: queryInstant("start").describe("Last seen at or after this instant (a date means its start, UTC)"),
      to: queryInstant("end").describe("First seen at or before this instant (a date means its end, UTC)"),
      ...sortShape(ALERT_SORT_FIELDS),
      ...paginationShape,
    })
    .superRefine((value, ctx) => requireOrder(ctx, value.from, value.to, ["to"], "'to' must not be before 'from'")),
);
export type AlertListCriteria = z.infer<typeof AlertListCriteria>;

export const AlertId = z.strictObject({ alertId: Uuid });

export const AcknowledgeAlert = z.strictObject({ alertId: Uuid });
export type AcknowledgeAlert = z.infer<typeof AcknowledgeAlert>;

/** Assign to someone who may manage alerts, or null (a form's empty choice) to take the assignment away. */
export const AssignAlert = z.strictObject({ alertId: Uuid, assigneeId: z.preprocess((value) => (value === "" ? null : value), Uuid.nullable()) });
export type AssignAlert = z.infer<typeof AssignAlert>;

export const ResolveAlert = z.strictObject({
  alertId: Uuid,
  note: longText(2000).min(1, "Say what was found and done").describe("What the investigation found and what was done"),
});
export type ResolveAlert = z.infer<typeof ResolveAlert>;

export const ReopenAlert = z.strictObject({
  alertId: Uuid,
  reason: requiredText(500).describe("Why the alert needs another look"),
});
export type ReopenAlert = z.infer<typeof ReopenAlert>;

// The API's request bodies: the same schemas without the alert id, which the URL path carries.
export const AssignAlertBody = AssignAlert.omit({ alertId: true });
export const ResolveAlertBody = ResolveAlert.omit({ alertId: true });
export const ReopenAlertBody = ReopenAlert.omit({ alertId: true });

const EmailAddress = z.email("Must be an e-mail address").max(255);

const ruleSettingsShape = {
  enabled: z.boolean().optional(),
  severity: AlertSeverityEnum.optional(),
  thresholds: z.record(z.string(), z.unknown()).optional().describe("The rule's thresholds, all of them (defaults fill the missing ones)"),
  notifyEmail: z.array(EmailAddress).max(20).optional().describe("Who is e-mailed when the rule raises an alert"),
  notifyWebhook: z.boolean().optional().describe("Whether the alert is posted to the configured webhook"),
  digest: z.boolean().optional().describe("Collect this rule's alerts into a digest instead of one message each"),
};

/** The API's PATCH body: AlertRuleUpdate without the key, which the URL path carries (thresholds checked then). */
export const AlertRuleSettingsChange = z.strictObject(ruleSettingsShape);
export type AlertRuleSettingsChange = z.infer<typeof AlertRuleSettingsChange>;

/**
 * One rule's settings (alerts:configure). Thresholds are checked by the rule's own schema (lib/alerts/rules.ts);
 * every field is optional, an absent one is left as it is.
 */
export const AlertRuleUpdate = z
  .strictObject({ key: AlertRuleKeyEnum, ...ruleSettingsShape })
  .superRefine((value, ctx) => {
    if (value.thresholds === undefined) return;
    const parsed = ALERT_RULES[value.key].thresholds.safeParse(value.thresholds);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["thresholds", ...issue.path] } as z.core.$ZodRawIssue);
  });
export type AlertRuleUpdate = z.infer<typeof AlertRuleUpdate>;

/** A rule as listed on /alerts/rules. */
export interface AlertRuleView {
  key: AlertRuleKey;
  title: string;
  description: string;
  group: string;
  enabled: boolean;
  severity: (typeof ALERT_SEVERITIES)[number];
  thresholds: Record<string, unknown>;
  defaultThresholds: Record<string, unknown>;
  notifyEmail: string[];
  notifyWebhook: boolean;
  digest: boolean;
  updatedAt: Date;
  updatedById: string | null;
}

/** An alert as listed: no PHI, only ids (the patient by id and MRN-free; the page links to the chart). */
export interface AlertListItem {
  id: string;
  ruleKey: string;
  ruleTitle: string;
  severity: (typeof ALERT_SEVERITIES)[number];
  status: AlertStatus;
  subjectKey: string;
  userId: string | null;
  username: string | null;
  patientId: string | null;
  apiKeyId: string | null;
  connectionId: string | null;
  ipAddress: string | null;
  title: string;
  summary: string;
  count: number;
  eventCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface AlertLinkedEvent {
  id: string;
  timestamp: Date;
  action: string;
  status: string;
  userId: string | null;
  username: string | null;
  patientId: string | null;
  patientMrn: string | null;
  ipAddress: string | null;
  requestPath: string | null;
}

export interface AlertDetail extends AlertListItem {
  details: unknown;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The newest linked audit events (at most 100 are kept per alert; eventCount says how many there were). */
  events: AlertLinkedEvent[];
}
