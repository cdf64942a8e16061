import { z } from "zod";

// The detection rules: what each looks for, its default severity and its thresholds, each validated by the rule's
// own schema. The alert_rules table holds what an administrator changed; a rule without a row runs on these
// defaults (lib/alerts/rule-settings.ts creates the rows).

export const ALERT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const minutes = (fallback: number) => z.number().int().min(1, "At least 1 minute").max(10_080, "At most a week (10080 minutes)").default(fallback);
const count = (fallback: number) => z.number().int().min(1, "At least 1").max(1_000_000, "At most 1,000,000").default(fallback);
const HOUR_MINUTE = /^([01]\d|2[0-3]):[0-5]\d$/;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The server's own time zone (TZ, else the system's): working hours are local hours. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const NoThresholds = z.strictObject({});

const FailedSignIns = (threshold: number) =>
  z.strictObject({
    windowMinutes: minutes(15).describe("How far back failures are counted"),
    threshold: count(threshold).describe("Failures within the window that raise the alert"),
  });

const DistinctCharts = z.strictObject({
  windowMinutes: minutes(60).describe("How far back distinct charts are counted"),
  ceiling: count(60).describe("Distinct charts within the window that always raise the alert"),
  baselineDays: z.number().int().min(1).max(90).default(14).describe("Days of the user's own history that make the baseline"),
  baselineMultiple: z.number().min(1).max(100).default(5).describe("Times the user's usual charts per day that raise the alert"),
  minimumCharts: count(20).describe("Below this many charts in the window the baseline never raises the alert"),
});

const WorkingHours = z
  .strictObject({
    start: z.string().regex(HOUR_MINUTE, "Must be HH:MM").default("07:00").describe("Start of working hours, local time"),
    end: z.string().regex(HOUR_MINUTE, "Must be HH:MM").default("19:00").describe("End of working hours, local time"),
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, "At least one working day")
      .max(7)
      .default([1, 2, 3, 4, 5])
      .describe("Working days, ISO numbering: 1 = Monday … 7 = Sunday"),
    timeZone: z.string().refine(isTimeZone, "Must be an IANA time zone, e.g. Europe/Berlin").default(serverTimeZone).describe("Time zone of the hours"),
  })
  .refine((hours) => hours.start < hours.end, { message: "Must end after it starts", path: ["end"] });

const SearchPaging = z.strictObject({
  windowMinutes: minutes(15).describe("How far back searches are counted"),
  maxPage: count(20).describe("A result page beyond this raises the alert"),
  rowsListed: count(500).describe("Patients listed by one user's searches within the window that raise the alert"),
});

const DenialBurst = z.strictObject({
  windowMinutes: minutes(10).describe("How far back denials are counted"),
  threshold: count(20).describe("Denials within the window that raise the alert"),
});

const ConnectionDown = z.strictObject({
  minutes: minutes(15).describe("How long the connection has failed every test"),
  consecutiveFailures: count(3).describe("Failed tests in a row"),
});

const Hl7ErrorRate = z.strictObject({
  windowMinutes: minutes(15).describe("How far back messages are counted"),
  maxErrorRate: z.number().min(0).max(1).default(0.2).describe("Share of messages in error (0–1) above which the alert is raised"),
  minimumMessages: count(20).describe("Fewer messages than this in the window never raise the alert"),
});

interface RuleDefinition<S extends z.ZodType> {
  title: string;
  description: string;
  group: "sign_in" | "phi_access" | "snooping" | "api_keys" | "operations";
  severity: AlertSeverity;
  thresholds: S;
}

function rule<S extends z.ZodType>(definition: RuleDefinition<S>): RuleDefinition<S> {
  return definition;
}

export const ALERT_RULES = {
  "signin.failed_per_account": rule({
    group: "sign_in",
    title: "Failed sign-ins for one account",
    description: "Wrong passwords for one account (known or not) within the window",
    severity: "medium",
    thresholds: FailedSignIns(10),
  }),
  "signin.failed_per_ip": rule({
    group: "sign_in",
    title: "Failed sign-ins from one address",
    description: "Failed sign-ins from one client address, whichever accounts they named",
    severity: "high",
    thresholds: FailedSignIns(20),
  }),
  "signin.lockout": rule({
    group: "sign_in",
    title: "Account locked out",
    description: "An account was locked after too many wrong passwords",
    severity: "medium",
    thresholds: NoThresholds,
  }),
  "signin.new_ip": rule({
    group: "sign_in",
    title: "Sign-in from a new address",
    description: "A user signed in from an address never seen for them (a user's very first sign-in only records it)",
    severity: "low",
    thresholds: NoThresholds,
  }),
  "phi.distinct_charts": rule({
    group: "phi_access",
    title: "Unusually many charts opened",
    description: "A user opened more distinct charts within the window than the ceiling, or far more than their own usual day",
    severity: "high",
    thresholds: DistinctCharts,
  }),
  "phi.after_hours": rule({
    group: "phi_access",
    title: "Patient data read outside working hours",
    description: "A user read patient data outside the configured working hours and days",
    severity: "low",
    thresholds: WorkingHours,
  }),
  "phi.search_paging": rule({
    group: "phi_access",
    title: "Paging through the patient list",
    description: "A user's searches paged deep into the results or listed many patients within the window",
    severity: "medium",
    thresholds: SearchPaging,
  }),
  "snoop.family_name": rule({
    group: "snooping",
    title: "Chart of a patient with the user's family name",
    description: "A user opened the chart of a patient who shares their family name",
    severity: "high",
    thresholds: NoThresholds,
  }),
  "snoop.restricted_without_grant": rule({
    group: "snooping",
    title: "Restricted chart without a grant",
    description: "A user tried to open (or read) a restricted chart without an emergency access grant",
    severity: "high",
    thresholds: NoThresholds,
  }),
  "snoop.break_glass": rule({
    group: "snooping",
    title: "Emergency access used",
    description: "A user broke the glass to open a restricted chart; always raised, for review",
    severity: "medium",
    thresholds: NoThresholds,
  }),
  "api_key.new_ip": rule({
    group: "api_keys",
    title: "API key used from a new address",
    description: "An API key was used from an address never seen for it (its very first use only records it)",
    severity: "medium",
    thresholds: NoThresholds,
  }),
  "access.denial_burst": rule({
    group: "api_keys",
    title: "Burst of denied requests",
    description: "Many refused requests from one API key (or rejected key prefix) or one user within the window",
    severity: "high",
    thresholds: DenialBurst,
  }),
  "integrity.chain_failed": rule({
    group: "operations",
    title: "Audit chain verification failed",
    description: "A verification of the audit trail's hash chain found a broken link",
    severity: "critical",
    thresholds: NoThresholds,
  }),
  "ops.connection_down": rule({
    group: "operations",
    title: "EMR connection down",
    description: "An active connection failed every test for longer than the threshold",
    severity: "high",
    thresholds: ConnectionDown,
  }),
  "ops.hl7_error_rate": rule({
    group: "operations",
    title: "HL7 error rate",
    description: "The share of HL7 messages from one sender refused or in error crossed the threshold",
    severity: "high",
    thresholds: Hl7ErrorRate,
  }),
} as const;

export type AlertRuleKey = keyof typeof ALERT_RULES;
export const ALERT_RULE_KEYS = Object.keys(ALERT_RULES) as [AlertRuleKey, ...AlertRuleKey[]];

export type RuleThresholds<K extends AlertRuleKey> = z.output<(typeof ALERT_RULES)[K]["thresholds"]>;

/** A rule's thresholds as stored, completed with defaults; stored values a later release refuses fall back whole. */
export function thresholdsOf<K extends AlertRuleKey>(key: K, stored: unknown): RuleThresholds<K> {
  const schema: z.ZodType = ALERT_RULES[key].thresholds;
  const parsed = schema.safeParse(stored ?? {});
  return (parsed.success ? parsed.data : schema.parse({})) as RuleThresholds<K>;
}

export function isAlertRuleKey(value: string): value is AlertRuleKey {
  return Object.hasOwn(ALERT_RULES, value);
}
