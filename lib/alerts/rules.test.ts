import { describe, expect, it } from "vitest";
import { ALERT_RULE_KEYS, ALERT_RULES, thresholdsOf } from "@/lib/alerts/rules";
import { AlertListCriteria, AlertRuleUpdate } from "@/lib/alerts/schema";
import { fieldErrorsOf } from "@/lib/errors";

describe("detection rule thresholds", () => {
  it("every rule's defaults pass its own schema", () => {
    for (const key of ALERT_RULE_KEYS) expect(ALERT_RULES[key].thresholds.safeParse(thresholdsOf(key, {})).success).toBe(true);
  });

  it("completes stored thresholds with defaults, and falls back whole when a stored value is refused", () => {
    expect(thresholdsOf("signin.failed_per_ip", { threshold: 50 })).toEqual({ windowMinutes: 15, threshold: 50 });
    expect(thresholdsOf("signin.failed_per_ip", { threshold: -1 })).toEqual({ windowMinutes: 15, threshold: 20 });
  });

  it("refuses working hours that end before they start, unknown days and unknown time zones, at their fields", () => {
    const update = AlertRuleUpdate.safeParse({ key: "phi.after_hours", thresholds: { start: "19:00", end: "07:00", days: [8], timeZone: "Mars/Olympus" } });
    expect(update.success).toBe(false);
    if (update.success) return;
    expect(Object.keys(fieldErrorsOf(update.error)).toSorted()).toEqual(["thresholds.days.0", "thresholds.end", "thresholds.timeZone"]);
    const order = AlertRuleUpdate.safeParse({ key: "phi.after_hours", thresholds: { start: "19:00", end: "07:00", timeZone: "Europe/Berlin" } });
    expect(order.success ? {} : fieldErrorsOf(order.error)).toEqual({ "thresholds.end": ["Must end after it starts"] });
  });

  it("refuses unknown rules, unknown threshold names and unknown fields", () => {
    expect(AlertRuleUpdate.safeParse({ key: "made.up" }).success).toBe(false);
    const unknown = AlertRuleUpdate.safeParse({ key: "signin.lockout", thresholds: { threshold: 3 }, colour: "red" });
    expect(unknown.success ? {} : Object.keys(fieldErrorsOf(unknown.error)).toSorted()).toEqual(["colour", "thresholds.threshold"]);
  });

  it("lists alerts by status, rule and dates from the query string", () => {
    const criteria = AlertListCriteria.parse(new URLSearchParams("status=unresolved&rule=snoop.break_glass&from=2026-11-01&to=2026-11-30&sort=-severity"));
    expect(criteria).toMatchObject({ status: "unresolved", rule: "snoop.break_glass", sort: "severity", dir: "desc", page: 1, pageSize: 25 });
    expect(AlertListCriteria.safeParse({ from: "2026-11-30", to: "2026-11-01" }).success).toBe(false);
  });
});
