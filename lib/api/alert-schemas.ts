import { z } from "zod";
import { ALERT_RULE_KEYS, ALERT_RULES } from "@/lib/alerts/rules";
import { AlertRuleKeyEnum, AlertRuleSettingsChange, AlertSeverityEnum, AlertStatusEnum, type AlertDetail, type AlertListItem, type AlertRuleView } from "@/lib/alerts/schema";
import { pageSchema, type Page } from "@/lib/patients/page";

// Security alerts as /api/v1/alerts and /api/v1/alert-rules answer them (lib/alerts/schema.ts has the DTOs; these are
// their documented forms, each checked against its DTO by `satisfies`).

const nullableText = (description: string) => z.string().nullable().describe(description);

export const AlertListItemResponse = z
  .object({
    id: z.uuid(),
    ruleKey: z.string().describe("The detection rule that raised it"),
    ruleTitle: z.string(),
    severity: AlertSeverityEnum,
    status: AlertStatusEnum,
    subjectKey: z.string().describe("What the alert is about, e.g. user:<id> or ip:<address>; one unresolved alert per rule and subject"),
    userId: nullableText("The user (or API key) the alert is about"),
    username: nullableText("That user's name at the time"),
    patientId: z.uuid().nullable().describe("The patient the alert is about"),
    apiKeyId: nullableText("The API key the alert is about"),
    connectionId: z.uuid().nullable().describe("The EMR connection the alert is about"),
    ipAddress: nullableText("The client address the alert is about"),
    title: z.string(),
    summary: z.string().describe("What was seen (no patient data)"),
    count: z.number().int().min(1).describe("Detections counted into this alert while it was unresolved"),
    eventCount: z.number().int().nonnegative().describe("Audit events linked to it (the newest 100 are kept)"),
    firstSeenAt: z.date(),
    lastSeenAt: z.date(),
    assigneeId: z.uuid().nullable(),
    assigneeName: z.string().nullable(),
  })
  .describe("One security alert") satisfies z.ZodType<AlertListItem>;

export const AlertPageResponse = pageSchema(AlertListItemResponse).describe("One page of alerts") satisfies z.ZodType<Page<AlertListItem>>;

const AlertLinkedEventResponse = z
  .object({
    id: z.string().describe("Audit event id as a decimal string (GET /api/v1/audit finds it)"),
    timestamp: z.date(),
    action: z.string(),
    status: z.string().describe("success, failure or denied"),
    userId: z.string().nullable(),
    username: z.string().nullable(),
    patientId: z.string().nullable(),
    patientMrn: z.string().nullable(),
    ipAddress: z.string().nullable(),
    requestPath: z.string().nullable(),
  })
  .describe("An audit event that raised the alert or was counted into it");

export const AlertDetailResponse = AlertListItemResponse.extend({
  details: z.unknown().describe("The rule's figures (counts, window, thresholds crossed)"),
  acknowledgedAt: z.date().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.date().nullable(),
  resolvedBy: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  events: z.array(AlertLinkedEventResponse).describe("The newest linked audit events, newest first"),
}).describe("One security alert with its linked audit events") satisfies z.ZodType<AlertDetail>;

export const AlertCountResponse = z
  .object({ unresolved: z.number().int().nonnegative().describe("Alerts open or acknowledged") })
  .describe("How many alerts need attention");

export const AlertChangeResponse = z
  .object({
    alertId: z.uuid(),
    status: AlertStatusEnum,
    assigneeId: z.uuid().nullable().optional().describe("After an assignment: the new assignee, or null"),
  })
  .describe("The alert's state after the change");

/** Each rule's thresholds object: the one for the rule in the path applies (the API checks it against that rule). */
const AnyRuleThresholds = z
  .union(ALERT_RULE_KEYS.map((key) => ALERT_RULES[key].thresholds.describe(`Thresholds of ${key}`)) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])
  .describe("The rule's thresholds (see each rule's defaultThresholds); missing ones take their defaults");

/** The PATCH body as documented: thresholds spelled out per rule instead of AlertRuleSettingsChange's open record. */
export const AlertRuleSettingsChangeDocumented = AlertRuleSettingsChange.extend({ thresholds: AnyRuleThresholds.optional() });

const AlertRuleResponse = z
  .object({
    key: AlertRuleKeyEnum,
    title: z.string(),
    description: z.string(),
    group: z.string().describe("sign_in, phi_access, snooping, api_keys or operations"),
    enabled: z.boolean(),
    severity: AlertSeverityEnum,
    thresholds: z.record(z.string(), z.unknown()).describe("The rule's current thresholds"),
    defaultThresholds: z.record(z.string(), z.unknown()),
    notifyEmail: z.array(z.string()),
    notifyWebhook: z.boolean(),
    digest: z.boolean(),
    updatedAt: z.date(),
    updatedById: z.string().nullable(),
  })
  .describe("A detection rule and its settings") satisfies z.ZodType<AlertRuleView>;

export const AlertRuleListResponse = z.object({ data: z.array(AlertRuleResponse) }).describe("Every detection rule");

export const AlertRuleChangeResponse = z
  .object({ changed: z.array(z.string()).describe("The settings that changed (empty when nothing did)"), rule: AlertRuleResponse })
  .describe("The rule after the change");
