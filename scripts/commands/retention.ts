import type { Command } from "commander";
import { cliContext } from "@/lib/auth/cli-context";
import { enforceRetention } from "@/lib/retention/enforce";
import { RETENTION_CLASS_KEYS } from "@/lib/retention/policy";
import { retentionReport, type RetentionReportLine } from "@/lib/retention/report";
import { isoDate } from "@/scripts/commands/arguments";
import { failureMessage } from "@/scripts/commands/failure";
import { printTable, when } from "@/scripts/commands/table";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

// `retention report` says, per data class, the period in force, its cutoff and how many rows are past it (changing
// nothing); `retention enforce` runs the worker's daily job once, with an administrator's authority.

const VERBS = { archive: "archive", purge_text: "purge text", delete: "delete" } as const;

function printReport(lines: readonly RetentionReportLine[], now: Date): void {
  console.log(`Retention as of ${when(now)} (nothing changed; \`retention enforce\` or the worker's daily job applies it):`);
  printTable(lines, {
    CLASS: (line) => line.key,
    KEEP: (line) => `${line.days} d`,
    ENV: (line) => line.env,
    ACTION: (line) => VERBS[line.action],
    CUTOFF: (line) => when(line.cutoff),
    DUE: (line) => String(line.due),
  });
}

export function registerRetentionCommands(program: Command): void {
  const retention = program.command("retention").description("data retention (policy in lib/retention/policy.ts, periods from RETENTION_* variables)");

  retention
    .command("report")
    .description("per data class: the period in force, its cutoff and how many rows would be purged or archived now (changes nothing)")
    .option("--as-of <date>", "count as if it were this date (ISO 8601), e.g. to see what a later run will take", isoDate)
    .option("--json", "one JSON object instead of a table")
    .action((options: { asOf?: Date; json?: boolean }) =>
      withDatabaseUrl(async () => {
        const now = options.asOf ?? new Date();
        const lines = await retentionReport({ now });
        if (options.json) console.log(JSON.stringify({ asOf: now.toISOString(), classes: lines }));
        else printReport(lines, now);
      }),
    );

  retention
    .command("enforce")
    .description("apply the policy now, as the worker's daily retention.enforce job does; exits 1 if a class fails")
    .option("--json", "one JSON object instead of text")
    .action((options: { json?: boolean }) =>
      withDatabaseUrl(async () => {
        try {
          const run = await enforceRetention(cliContext("retention enforce", "admin"));
          if (options.json) {
            console.log(JSON.stringify(run));
            return;
          }
          const total = RETENTION_CLASS_KEYS.reduce((sum, key) => sum + run.deleted[key], 0);
          console.log(`Retention enforced: ${total} rows purged or archived, ${run.checkpoints} audit checkpoints written.`);
          printTable(RETENTION_CLASS_KEYS.map((key) => ({ key, rows: run.deleted[key] })), { CLASS: (row) => row.key, ROWS: (row) => String(row.rows) });
        } catch (error) {
          console.error(`retention enforce failed (what was done is recorded as retention.enforced): ${failureMessage(error)}`);
          process.exitCode = 1;
        }
      }),
    );
}
