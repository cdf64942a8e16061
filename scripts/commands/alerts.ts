import type { Command } from "commander";
import type { DetectionRun } from "@/lib/alerts/detect/engine";
import { detectionPass } from "@/lib/alerts/detect/job";
import { listAlerts } from "@/lib/alerts/queries";
import { ALERT_RULE_KEYS } from "@/lib/alerts/rules";
import { AlertListCriteria, type AlertListItem } from "@/lib/alerts/schema";
import { cliContext } from "@/lib/auth/cli-context";
import { parseInput } from "@/lib/seed/accounts";
import { integer } from "@/scripts/commands/arguments";
import { printTable, when } from "@/scripts/commands/table";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

// `alerts …`: security monitoring from a shell — a detection pass now (the worker's job, with the worker's context),
// and the alerts list through lib/alerts (the /alerts page's function) with a compliance officer's authority.

export interface RuleTally {
  rule: string;
  raised: number;
  countedAgain: number;
}

/** Alerts raised and counted again per rule, in the catalogue's order; rules with neither are left out. */
export function tallyByRule(run: DetectionRun): RuleTally[] {
  const order = new Map<string, number>(ALERT_RULE_KEYS.map((key, index) => [key, index]));
  const tallies = new Map<string, RuleTally>();
  for (const alert of run.alerts) {
    const tally = tallies.get(alert.ruleKey) ?? { rule: alert.ruleKey, raised: 0, countedAgain: 0 };
    if (alert.raised) tally.raised += 1;
    else tally.countedAgain += 1;
    tallies.set(alert.ruleKey, tally);
  }
  return [...tallies.values()].sort((a, b) => (order.get(a.rule) ?? Infinity) - (order.get(b.rule) ?? Infinity));
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

function printRun(run: DetectionRun, tallies: readonly RuleTally[]): void {
  const raised = tallies.reduce((sum, tally) => sum + tally.raised, 0);
  const again = tallies.reduce((sum, tally) => sum + tally.countedAgain, 0);
  console.log(`Read ${plural(run.rowsRead, "audit row")} in ${plural(run.batches, "batch", "batches")}: ${plural(raised, "alert")} raised, ${again} counted again.`);
  if (tallies.length === 0) return;
  printTable(tallies, { RULE: (t) => t.rule, RAISED: (t) => String(t.raised), "COUNTED AGAIN": (t) => String(t.countedAgain) });
}

function assigneeOf(alert: AlertListItem): string {
  return alert.assigneeName ?? alert.assigneeId ?? "-";
}

export function registerAlertCommands(program: Command): void {
  const alerts = program.command("alerts").description("security alerts (detection rules over the audit trail)");

  alerts
    .command("detect")
    .description("run one detection pass now, as the worker does every minute; prints the audit rows read and the alerts per rule")
    .option("--json", "one JSON object instead of text")
    .action((options: { json?: boolean }) =>
      withDatabaseUrl(async () => {
        const run = await detectionPass();
        const tallies = tallyByRule(run);
        if (options.json) console.log(JSON.stringify({ rowsRead: run.rowsRead, batches: run.batches, rules: tallies }));
        else printRun(run, tallies);
      }),
    );

  alerts
    .command("list")
    .description("list alerts, newest activity first (audited like the /alerts page)")
    .option("--status <status>", "open | acknowledged | resolved | unresolved (open or acknowledged)")
    .option("--severity <severity>", "low | medium | high | critical")
    .option("--rule <rule>", "only this detection rule, e.g. snoop.family_name")
    .option("--page <n>", "page number", integer(1), 1)
    .option("--page-size <n>", "alerts per page, at most 100", integer(1), 50)
    .option("--json", "one JSON object ({ data, page, pageSize, total }) instead of a table")
    .action((options: { status?: string; severity?: string; rule?: string; page: number; pageSize: number; json?: boolean }) =>
      withDatabaseUrl(async () => {
        const { json, ...filters } = options;
        const criteria = parseInput(AlertListCriteria, filters, "filter");
        const page = await listAlerts(cliContext("alerts list", "compliance"), criteria);
        if (json) {
          console.log(JSON.stringify(page));
          return;
        }
        printTable(page.data, {
          ID: (a) => a.id,
          SEVERITY: (a) => a.severity,
          STATUS: (a) => a.status,
          RULE: (a) => a.ruleKey,
          SUBJECT: (a) => a.subjectKey,
          COUNT: (a) => String(a.count),
          "LAST SEEN": (a) => when(a.lastSeenAt),
          ASSIGNEE: assigneeOf,
        });
        const pages = Math.ceil(page.total / page.pageSize);
        if (pages > 1) console.log(`Page ${page.page} of ${pages} (${plural(page.total, "alert")}); --page to see another.`);
      }),
    );
}
