import type { Command } from "commander";
import { createApiKey, createUser } from "@/lib/seed/accounts";
import { integer } from "@/scripts/commands/seed";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

export function registerUserCommands(program: Command): void {
  program
    .command("user")
    .description("user accounts")
    .command("create")
    .description("create a user with an argon2id-hashed password")
    .requiredOption("--email <email>", "sign-in e-mail (unique)")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--role <role>", "admin | clinician | compliance | integration")
    .requiredOption("--password <password>", "at least 12 characters")
    .action((options: { email: string; name: string; role: string; password: string }) =>
      withDatabaseUrl(async () => {
        const user = await createUser(options);
        console.log(`Created ${user.role} user ${user.email} (${user.id}).`);
      }),
    );

  program
    .command("apikey")
    .description("API keys")
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
}
