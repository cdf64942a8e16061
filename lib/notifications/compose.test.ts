import { describe, expect, it } from "vitest";
import { alertEmail, digestEmail, DIGEST_LINKS_PER_RULE, webhookBody, type AlertFacts } from "@/lib/notifications/compose";

const APP = "https://meridian.example";
const alert = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  id: "2f1c1c7e-5b1a-4c59-9a55-0d6f1f3c2b10",
  ruleKey: "phi.distinct_charts",
  severity: "high",
  status: "open",
  count: 3,
  firstSeenAt: new Date("2026-12-01T10:00:00Z"),
  lastSeenAt: new Date("2026-12-01T11:00:00Z"),
  ...overrides,
});

describe("notification text", () => {
  it("an alert's e-mail names the rule, severity and count, and links to the alert", () => {
    const mail = alertEmail(alert(), APP);
    expect(mail.subject).toBe("[Meridian] high alert: Unusually many charts opened");
    expect(mail.text).toContain("Seen:       3 times, first 2026-12-01T10:00:00.000Z");
    expect(mail.text).toContain(`Open the alert: ${APP}/alerts/2f1c1c7e-5b1a-4c59-9a55-0d6f1f3c2b10`);
  });

  it("a digest counts per rule and links at most a page of alerts per rule", () => {
    const many = Array.from({ length: DIGEST_LINKS_PER_RULE + 2 }, (_, i) => alert({ id: `id-${i}`, ruleKey: "signin.lockout", count: 1 }));
    const mail = digestEmail([...many, alert()], { from: new Date("2026-12-01T07:05:00Z"), until: new Date("2026-12-02T07:05:00Z") }, APP);
    expect(mail.subject).toBe(`[Meridian] Daily alert digest: ${many.length + 1} alerts`);
    expect(mail.text).toContain(`Account locked out (signin.lockout): ${many.length} alerts`);
    expect(mail.text).toContain(`… and 2 more: ${APP}/alerts?rule=signin.lockout`);
    expect(mail.text).not.toContain("id-26");
    expect(mail.text).toContain("Unusually many charts opened (phi.distinct_charts): 1 alert\n");
  });

  it("the webhook body has the alert's facts and link, nothing else", () => {
    expect(JSON.parse(webhookBody(alert(), APP))).toEqual({
      type: "alert.raised",
      alert: {
        id: "2f1c1c7e-5b1a-4c59-9a55-0d6f1f3c2b10",
        rule: "phi.distinct_charts",
        severity: "high",
        status: "open",
        count: 3,
        firstSeenAt: "2026-12-01T10:00:00.000Z",
        lastSeenAt: "2026-12-01T11:00:00.000Z",
        url: `${APP}/alerts/2f1c1c7e-5b1a-4c59-9a55-0d6f1f3c2b10`,
      },
    });
  });
});
