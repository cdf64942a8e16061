import "server-only";
import { ALERT_RULE_KEYS, ALERT_RULES, thresholdsOf, type AlertRuleKey, type AlertSeverity } from "@/lib/alerts/rules";
import type { Tx } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// Each rule's row in alert_rules, created with its defaults the first time anything reads the rules, so a rule added
// in a later release appears without a migration, and an administrator's changes stay when defaults change.

export interface RuleSetting {
  key: AlertRuleKey;
  enabled: boolean;
  severity: AlertSeverity;
  thresholds: Record<string, unknown>;
  notifyEmail: string[];
  notifyWebhook: boolean;
  digest: boolean;
  updatedAt: Date;
  updatedById: string | null;
}

type Runner = Pick<Tx, "$executeRaw" | "alertRule">;

/** Creates the rows of rules that have none (defaults as stored thresholds); idempotent under concurrency. */
export async function ensureRuleRows(tx: Runner): Promise<void> {
  const keys = ALERT_RULE_KEYS;
  const severities = keys.map((key) => ALERT_RULES[key].severity);
  const thresholds = keys.map((key) => JSON.stringify(thresholdsOf(key, {})));
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO alert_rules (key, severity, thresholds)
    SELECT key, severity::"AlertSeverity", thresholds::jsonb FROM unnest(${keys}::text[], ${severities}::text[], ${thresholds}::text[]) AS r(key, severity, thresholds)
    ON CONFLICT (key) DO NOTHING`);
}

/** Every rule's settings, in the catalogue's order, thresholds completed with defaults. */
export async function readRuleSettings(tx: Runner): Promise<RuleSetting[]> {
  await ensureRuleRows(tx);
  const rows = await tx.alertRule.findMany();
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return ALERT_RULE_KEYS.flatMap((key) => {
    const row = byKey.get(key);
    if (!row) return [];
    return [
      {
        key,
        enabled: row.enabled,
        severity: row.severity,
        thresholds: thresholdsOf(key, row.thresholds) as Record<string, unknown>,
        notifyEmail: row.notifyEmail,
        notifyWebhook: row.notifyWebhook,
        digest: row.digest,
        updatedAt: row.updatedAt,
        updatedById: row.updatedById,
      },
    ];
  });
}
