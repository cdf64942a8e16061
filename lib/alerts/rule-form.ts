import { ALERT_RULES, isAlertRuleKey, thresholdsOf, type AlertRuleKey } from "@/lib/alerts/rules";

// The rule settings form posts flat fields ("thresholds.windowMinutes", "notifyEmail" as one comma-separated line,
// checkboxes present or absent); this turns them into the shape the API sends, so one schema (AlertRuleUpdate)
// checks both. Threshold kinds come from the rule's defaults: a number, a text, or a list of weekdays.

export type ThresholdKind = "integer" | "decimal" | "text" | "weekdays";

export interface ThresholdField {
  name: string;
  label: string;
  kind: ThresholdKind;
  value: string | number | number[];
}

const THRESHOLD_PREFIX = "thresholds.";

interface ThresholdSchema {
  description?: string;
  unwrap?: () => { isInt?: boolean };
}

function shapeOf(key: AlertRuleKey): Record<string, ThresholdSchema> {
  return (ALERT_RULES[key].thresholds as unknown as { shape: Record<string, ThresholdSchema> }).shape;
}

function kindOf(schema: ThresholdSchema | undefined, fallback: unknown): ThresholdKind {
  if (Array.isArray(fallback)) return "weekdays";
  if (typeof fallback === "number") return schema?.unwrap?.().isInt ? "integer" : "decimal";
  return "text";
}

/** The rule's thresholds as form fields, labelled with their schema descriptions, holding the current values. */
export function thresholdFields(key: AlertRuleKey, current: Record<string, unknown>): ThresholdField[] {
  const defaults = thresholdsOf(key, {}) as Record<string, unknown>;
  const shape = shapeOf(key);
  return Object.entries(defaults).map(([name, fallback]) => {
    const value = current[name] ?? fallback;
    return { name, label: shape[name]?.description ?? name, kind: kindOf(shape[name], fallback), value: value as ThresholdField["value"] };
  });
}

function asNumber(value: unknown): unknown {
  if (typeof value !== "string" || value.trim() === "") return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Form fields → { key, enabled, severity, thresholds, notifyEmail, notifyWebhook, digest }; anything else passes through. */
export function ruleUpdateFromForm(fields: unknown): unknown {
  if (typeof fields !== "object" || fields === null) return fields;
  const form = fields as Record<string, unknown>;
  if (typeof form.key !== "string" || !isAlertRuleKey(form.key)) return form;
  const defaults = thresholdsOf(form.key, {}) as Record<string, unknown>;
  const shape = shapeOf(form.key);
  const thresholds: Record<string, unknown> = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const value = form[`${THRESHOLD_PREFIX}${name}`];
    const kind = kindOf(shape[name], fallback);
    if (kind === "weekdays") thresholds[name] = listOf(value).map(asNumber);
    else if (value !== undefined) thresholds[name] = kind === "text" ? value : asNumber(value);
  }
  const emails = typeof form.notifyEmail === "string" ? form.notifyEmail.split(/[,;\s]+/).filter((address) => address !== "") : [];
  return {
    key: form.key,
    enabled: form.enabled === "on",
    severity: form.severity,
    thresholds,
    notifyEmail: emails,
    notifyWebhook: form.notifyWebhook === "on",
    digest: form.digest === "on",
  };
}
