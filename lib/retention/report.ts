import "server-only";
import { countArchivableAuditRows } from "@/lib/audit/archive";
import { dbPool } from "@/lib/db/client";
import { policyInForce, type RetentionOptions } from "@/lib/retention/enforce";
import { cutoffOf, type RetentionAction, type RetentionClassKey } from "@/lib/retention/policy";
import { PURGES, countDue } from "@/lib/retention/purges";

// What enforcing the policy would do now, changing nothing: per class its period, cutoff and the rows past it.

export interface RetentionReportLine {
  key: RetentionClassKey;
  description: string;
  action: RetentionAction;
  days: number;
  env: string;
  age: string;
  cutoff: Date;
  due: number;
}

export async function retentionReport(options: Pick<RetentionOptions, "now" | "policy"> = {}): Promise<RetentionReportLine[]> {
  const now = options.now ?? new Date();
  const lines: RetentionReportLine[] = [];
  for (const rule of options.policy ?? policyInForce()) {
    const cutoff = cutoffOf(rule, now);
    let due: number;
    if (rule.key === "audit_trail") {
      due = await countArchivableAuditRows(cutoff);
    } else {
      const statement = countDue(PURGES[rule.key], cutoff);
      due = (await dbPool().query<{ count: number }>(statement.text, statement.values)).rows[0]?.count ?? 0;
    }
    lines.push({ ...rule, cutoff, due });
  }
  return lines;
}
