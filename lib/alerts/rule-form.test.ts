import { describe, expect, it } from "vitest";
import { AlertRuleUpdate } from "@/lib/alerts/schema";
import { ruleUpdateFromForm, thresholdFields } from "@/lib/alerts/rule-form";

describe("the rule settings form", () => {
  it("offers each threshold with its description, kind and current value", () => {
    const fields = thresholdFields("ops.hl7_error_rate", { windowMinutes: 30 });
    expect(fields).toEqual([
      { name: "windowMinutes", label: "How far back messages are counted", kind: "integer", value: 30 },
      { name: "maxErrorRate", label: expect.stringContaining("Share of messages") as string, kind: "decimal", value: 0.2 },
      { name: "minimumMessages", label: expect.any(String) as string, kind: "integer", value: 20 },
    ]);
    expect(thresholdFields("phi.after_hours", {}).map((field) => field.kind)).toEqual(["text", "text", "weekdays", "text"]);
  });

  it("posts what the API would send, checked by the same schema", () => {
    const parsed = AlertRuleUpdate.parse(
      ruleUpdateFromForm({
        key: "phi.after_hours",
        enabled: "on",
        severity: "medium",
        "thresholds.start": "06:30",
        "thresholds.end": "20:00",
        "thresholds.days": ["1", "3", "5"],
        "thresholds.timeZone": "Europe/Berlin",
        notifyEmail: "a@example.org, b@example.org",
      }),
    );
    expect(parsed).toEqual({
      key: "phi.after_hours",
      enabled: true,
      severity: "medium",
      thresholds: { start: "06:30", end: "20:00", days: [1, 3, 5], timeZone: "Europe/Berlin" },
      notifyEmail: ["a@example.org", "b@example.org"],
      notifyWebhook: false,
      digest: false,
    });
  });

  it("reports a bad threshold at its field", () => {
    const result = AlertRuleUpdate.safeParse(ruleUpdateFromForm({ key: "access.denial_burst", severity: "high", "thresholds.windowMinutes": "0", "thresholds.threshold": "lots" }));
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["thresholds.windowMinutes", "thresholds.threshold"]));
  });
});
