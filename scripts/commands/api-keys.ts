import type { Command } from "commander";
import { findApiKeyByPrefix, listApiKeys, type ApiKeySummary } from "@/lib/api-keys/queries";
import { revokeApiKey } from "@/lib/api-keys/service";
import { cliContext } from "@/lib/auth/cli-context";
import { AppError } from "@/lib/errors";
import { createApiKey } from "@/lib/seed/accounts";
import { integer } from "@/scripts/commands/arguments";
import { printTable, when } from "@/scripts/commands/table";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

// `apikey …`: keys for other systems, through lib/api-keys (the admin pages' functions) with the CLI's context.

const admin = (command: string) => cliContext(command, "admin");

/** The 8-character prefix from `XXXXXXXX`, `mrd_XXXXXXXX` or a whole key. */
function prefixOf(value: string): string {
  const prefix = /^(?:mrd_)?([0-9A-Za-z]{8})(?:_.*)?$/.exec(value.trim())?.[1];
  if (!prefix) throw new AppError("INVALID", `"${value}" is not an API key prefix (8 letters or digits, as \`apikey list\` shows them).`);
  return prefix;
}

export function registerApiKeyCommands(program: Command): void {
  const apikey = program.command("apikey").description("API keys (for other systems)");

  apikey
    .command("create")
    .description("create an API key; the key is printed once, alone on the last line")
    .requiredOption("--name <name>", "what the key is for")
    .requiredOption("--role <role>", "admin | clinician | compliance | integration")
    .option("--expires-days <n>", "days until the key expires (default: never)", integer(1))
    .action((options: { name: string; role: string; expiresDays?: number }) =>
      withDatabaseUrl(async () => {
        const created = await createApiKey(options);
        const expiry = created.expiresAt ? `expires ${created.expiresAt.toISOString()}` : "no expiry";
        console.log(`Created API key "${created.name}" (${created.role}, prefix ${created.prefix}, ${expiry}).`);
        console.log("Store it now: it cannot be shown again.");
        // Last line, alone, so scripts can take it with `tail -n 1`.
        console.log(created.key);
      }),
    );

  apikey
    .command("list")
    .description("list API keys, newest first (never the keys themselves)")
    .option("--json", "one JSON array instead of a table")
    .action((options: { json?: boolean }) =>
      withDatabaseUrl(async () => {
        const { data: keys } = await listApiKeys(admin("apikey list"));
        if (options.json) {
          console.log(JSON.stringify(keys));
          return;
        }
        printTable<ApiKeySummary>(keys, {
          PREFIX: (k) => `mrd_${k.prefix}`,
          NAME: (k) => k.name,
          ROLE: (k) => k.role,
          STATUS: (k) => k.status,
          CREATED: (k) => when(k.createdAt),
          "LAST USED": (k) => when(k.lastUsedAt),
          EXPIRES: (k) => when(k.expiresAt),
        });
      }),
    );

  apikey
    .command("revoke")
    .description("revoke an API key at once")
    .argument("<prefix>", "the key's prefix, as `apikey list` shows it (mrd_XXXXXXXX)")
    .action((value: string) =>
      withDatabaseUrl(async () => {
        const ctx = admin("apikey revoke");
        const key = await findApiKeyByPrefix(ctx, prefixOf(value));
        await revokeApiKey(ctx, { apiKeyId: key.id });
        console.log(`Revoked API key "${key.name}" (mrd_${key.prefix}).`);
      }),
    );
}
