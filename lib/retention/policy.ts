import { z } from "zod";

// The one place that says how long each class of data is kept. Defaults are stated here (and in the README); each
// can be changed through its environment variable, read and checked by lib/env.ts. lib/retention/enforce.ts applies
// the policy, `retention report` shows it.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Six years (HIPAA 164.316(b)(2)), counting the leap days: no configuration may keep the audit trail for less. */
export const MIN_AUDIT_RETENTION_DAYS = 2192;

export const RETENTION_CLASS_KEYS = [
  "audit_trail",
  "hl7_raw",
  "resolved_alerts",
  "ended_sessions",
  "connection_statistics",
  "system_samples",
  "worker_heartbeats",
  "user_chart_days",
] as const;
export type RetentionClassKey = (typeof RETENTION_CLASS_KEYS)[number];

/** What enforcement does to a row past its period. */
export type RetentionAction = "archive" | "purge_text" | "delete";

interface RetentionClassDefinition {
  description: string;
  action: RetentionAction;
  defaultDays: number;
  minDays: number;
  env: string;
  /** What the period is counted from. */
  age: string;
}

export const RETENTION_CLASSES = {
  audit_trail: {
    description: "audit trail rows (moved to audit_log_archive under a signed checkpoint)",
    action: "archive",
    defaultDays: MIN_AUDIT_RETENTION_DAYS,
    minDays: MIN_AUDIT_RETENTION_DAYS,
    env: "RETENTION_AUDIT_DAYS",
    age: "timestamp",
  },
  hl7_raw: {
    description: "raw HL7 message text (the message row, its metadata and the records it produced stay)",
    action: "purge_text",
    defaultDays: 90,
    minDays: 1,
    env: "RETENTION_HL7_RAW_DAYS",
    age: "created_at",
  },
  resolved_alerts: {
    description: "resolved security alerts with their linked audit event ids",
    action: "delete",
    defaultDays: 3 * 365 + 1,
    minDays: 1,
    env: "RETENTION_RESOLVED_ALERT_DAYS",
    age: "resolved_at",
  },
  ended_sessions: {
    description: "expired, signed-out and revoked sessions",
    action: "delete",
    defaultDays: 30,
    minDays: 1,
    env: "RETENTION_SESSION_DAYS",
    age: "ended_at, or expires_at if never ended",
  },
  connection_statistics: {
    description: "hourly connection request statistics",
    action: "delete",
    defaultDays: 90,
    minDays: 1,
    env: "RETENTION_CONNECTION_STATISTICS_DAYS",
    age: "hour",
  },
  system_samples: {
    description: "hourly record-count samples (dashboard growth)",
    action: "delete",
    defaultDays: 365,
    minDays: 1,
    env: "RETENTION_SYSTEM_SAMPLE_DAYS",
    age: "taken_at",
  },
  worker_heartbeats: {
    description: "heartbeats of worker processes no longer running",
    action: "delete",
    defaultDays: 1,
    minDays: 1,
    env: "RETENTION_WORKER_HEARTBEAT_DAYS",
    age: "beat_at",
  },
  user_chart_days: {
    description: "charts opened per user and day (baseline of the snooping rule)",
    action: "delete",
    defaultDays: 90,
    minDays: 1,
    env: "RETENTION_USER_CHART_DAYS",
    age: "day",
  },
} as const satisfies Record<RetentionClassKey, RetentionClassDefinition>;

type EnvName = (typeof RETENTION_CLASSES)[RetentionClassKey]["env"];

function daysField(key: RetentionClassKey) {
  const { minDays } = RETENTION_CLASSES[key];
  const message = key === "audit_trail" ? `the audit trail is kept at least 6 years (${minDays} days)` : `at least ${minDays} day`;
  return z.coerce.number().int().min(minDays, message).optional();
}

/** The environment variables of the policy, for lib/env.ts: whole days, each at least its class's minimum. */
export const RETENTION_ENV_FIELDS = Object.fromEntries(
  RETENTION_CLASS_KEYS.map((key) => [RETENTION_CLASSES[key].env, daysField(key)]),
) as Record<EnvName, ReturnType<typeof daysField>>;

export interface RetentionRule {
  key: RetentionClassKey;
  description: string;
  action: RetentionAction;
  days: number;
  env: string;
  age: string;
}

export type RetentionPolicy = readonly RetentionRule[];

/** The policy in force: each class's default unless its variable is set. */
export function retentionPolicy(settings: Partial<Record<EnvName, number | undefined>>): RetentionPolicy {
  return RETENTION_CLASS_KEYS.map((key) => {
    const definition: RetentionClassDefinition = RETENTION_CLASSES[key];
    const days = settings[RETENTION_CLASSES[key].env] ?? definition.defaultDays;
    // lib/env.ts refuses such a setting already; a policy built elsewhere (a test, a script) is held to it too.
    if (days < definition.minDays) throw new Error(`${definition.env} must be at least ${definition.minDays} days`);
    return { key, description: definition.description, action: definition.action, days, env: definition.env, age: definition.age };
  });
}

/** Rows older than this (counted from the rule's age column) are past their period. */
export function cutoffOf(rule: Pick<RetentionRule, "days">, now: Date): Date {
  return new Date(now.getTime() - rule.days * DAY_MS);
}
