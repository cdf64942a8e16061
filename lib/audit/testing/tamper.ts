import { Command } from "commander";
import type pg from "pg";
import { vi } from "vitest";
import { registerAuditCommands } from "@/scripts/commands/audit";

// What the audit-trail tests share: a superuser stepping around the append-only triggers, and `audit verify` run
// through its commander definition.

/** Runs one statement as a superuser with triggers off (session_replication_role = replica), as an attacker could. */
export async function bypassingTriggers(superuser: pg.Pool, text: string, values: unknown[] = []): Promise<void> {
  const client = await superuser.connect();
  try {
    await client.query("SET session_replication_role = replica");
    await client.query(text, values);
  } finally {
    await client.query("SET session_replication_role = DEFAULT");
    client.release();
  }
}

/** Runs an audit command through its commander definition, as `npm run cli -- audit …` does. */
export async function auditCli(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const program = new Command().exitOverride();
  registerAuditCommands(program);
  try {
    await program.parseAsync(args, { from: "user" });
    return { out: out.mock.calls.join("\n"), err: err.mock.calls.join("\n"), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
