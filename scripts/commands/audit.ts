import type { Command } from "commander";
import { verifyAuditTrail } from "@/lib/audit/verification";
import type { ChainVerification } from "@/lib/audit/verify";
import { cliContext } from "@/lib/auth/cli-context";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

const REASONS: Record<Extract<ChainVerification, { ok: false }>["reason"], string> = {
  row_altered: "the row was changed after it was written (its hash no longer matches its contents)",
  link_broken: "the row does not follow its predecessor (a row before it was deleted or inserted)",
  checkpoint_invalid:
    "the archive checkpoint starting at this row is forged or altered, or signed with a key no longer in ENCRYPTION_KEYS (its signature or its link to the previous checkpoint fails)",
  archive_mismatch: "the archived rows from this row on differ from what their checkpoint signed (rows removed, added or moved)",
};

export interface AuditVerifyOutcome {
  exitCode: 0 | 1;
  message: string;
  result: ChainVerification;
}

/**
 * `audit verify`: recomputes the hash chain of the database and records the result, through the same domain function
 * as the audit page, with a compliance officer's authority (the permission that verification needs).
 */
export async function runAuditVerify(): Promise<AuditVerifyOutcome> {
  const result = await verifyAuditTrail(cliContext("audit verify", "compliance"));
  if (result.ok) return { exitCode: 0, message: `audit chain OK: ${result.rowsChecked} rows verified`, result };
  const checkpoint = result.checkpointId ? ` (checkpoint ${result.checkpointId})` : "";
  return { exitCode: 1, message: `audit chain BROKEN at row ${result.brokenAtId}${checkpoint}: ${REASONS[result.reason]}`, result };
}

export function registerAuditCommands(program: Command): void {
  program
    .command("audit")
    .description("audit trail")
    .command("verify")
    .description("verify the audit trail's hash chain from its archive checkpoints; exits 1 at the first altered, inserted or deleted row or forged checkpoint")
    .action(() =>
      withDatabaseUrl(async () => {
        const outcome = await runAuditVerify();
        if (outcome.exitCode === 0) console.log(outcome.message);
        else console.error(outcome.message);
        process.exitCode = outcome.exitCode;
      }),
    );
}
