import { ALERT_RULES, type AlertRuleKey, type AlertSeverity } from "@/lib/alerts/rules";

// The words of every notification. Mail and webhooks leave Meridian, so they carry no PHI and nothing about the
// subject (no patient, user or address, not even the alert's own title): only the rule, severity, counts, times and a
// link back into the app, where reading the alert takes a sign-in and is audited.

export interface AlertFacts {
  id: string;
  ruleKey: string;
  severity: AlertSeverity;
  status: string;
  count: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface Message {
  subject: string;
  text: string;
}

export function alertLink(appUrl: string, alertId: string): string {
  return `${appUrl}/alerts/${encodeURIComponent(alertId)}`;
}

/** The rule's catalogue title; a key no longer in the catalogue stands for itself. */
export function ruleTitle(ruleKey: string): string {
  return Object.hasOwn(ALERT_RULES, ruleKey) ? ALERT_RULES[ruleKey as AlertRuleKey].title : ruleKey;
}

const times = (count: number) => (count === 1 ? "once" : `${count} times`);
const FOOTER = "The details are in Meridian only: sign in to read them. This message was sent by Meridian's security monitoring.";

export function alertEmail(alert: AlertFacts, appUrl: string): Message {
  return {
    subject: `[Meridian] ${alert.severity} alert: ${ruleTitle(alert.ruleKey)}`,
    text: [
      `A security alert was raised.`,
      ``,
      `Rule:       ${ruleTitle(alert.ruleKey)} (${alert.ruleKey})`,
      `Severity:   ${alert.severity}`,
      `Seen:       ${times(alert.count)}, first ${alert.firstSeenAt.toISOString()}`,
      ``,
      `Open the alert: ${alertLink(appUrl, alert.id)}`,
      ``,
      FOOTER,
    ].join("\n"),
  };
}

/** Links per rule in a digest; the rest are counted and left to the alerts list. */
export const DIGEST_LINKS_PER_RULE = 25;

export interface DigestPeriod {
  from: Date;
  until: Date;
}

/** One e-mail for one recipient: the alerts of their digest rules raised in the period, counted per rule, with links. */
export function digestEmail(alerts: readonly AlertFacts[], period: DigestPeriod, appUrl: string): Message {
  const byRule = new Map<string, AlertFacts[]>();
  for (const alert of alerts) byRule.set(alert.ruleKey, [...(byRule.get(alert.ruleKey) ?? []), alert]);
  const sections = [...byRule].map(([ruleKey, ruleAlerts]) => {
    const shown = ruleAlerts.slice(0, DIGEST_LINKS_PER_RULE).map((alert) => `  - ${alert.severity}, seen ${times(alert.count)}: ${alertLink(appUrl, alert.id)}`);
    const more = ruleAlerts.length - shown.length;
    return [
      `${ruleTitle(ruleKey)} (${ruleKey}): ${ruleAlerts.length} alert${ruleAlerts.length === 1 ? "" : "s"}`,
      ...shown,
      ...(more > 0 ? [`  … and ${more} more: ${appUrl}/alerts?rule=${encodeURIComponent(ruleKey)}`] : []),
    ].join("\n");
  });
  return {
    subject: `[Meridian] Daily alert digest: ${alerts.length} alert${alerts.length === 1 ? "" : "s"}`,
    text: [
      `Security alerts raised from ${period.from.toISOString()} to ${period.until.toISOString()}, by rule:`,
      ``,
      sections.join("\n\n"),
      ``,
      `All alerts: ${appUrl}/alerts`,
      ``,
      FOOTER,
    ].join("\n"),
  };
}

/** The webhook's JSON body (its exact bytes are what the signature covers). */
export function webhookBody(alert: AlertFacts, appUrl: string): string {
  return JSON.stringify({
    type: "alert.raised",
    alert: {
      id: alert.id,
      rule: alert.ruleKey,
      severity: alert.severity,
      status: alert.status,
      count: alert.count,
      firstSeenAt: alert.firstSeenAt.toISOString(),
      lastSeenAt: alert.lastSeenAt.toISOString(),
      url: alertLink(appUrl, alert.id),
    },
  });
}
