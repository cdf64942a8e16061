import { Command } from "commander";
import { registerAuditCommands } from "@/scripts/commands/audit";
import { registerDbCommands } from "@/scripts/commands/db";
import { registerSeedCommands } from "@/scripts/commands/seed";
import { registerUserCommands } from "@/scripts/commands/users";

const program = new Command("meridian").description("Meridian command-line tools").showHelpAfterError();

registerAuditCommands(program);
registerDbCommands(program);
registerSeedCommands(program);
registerUserCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
