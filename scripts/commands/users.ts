import { type Command, Option } from "commander";
import { cliContext } from "@/lib/auth/cli-context";
import { AppError } from "@/lib/errors";
import { createUser, parseInput } from "@/lib/seed/accounts";
import { findUserByEmail, listUsers, type UserSummary } from "@/lib/users/queries";
import { PasswordReset, UserListCriteria } from "@/lib/users/schema";
import { deactivateUser, reactivateUser, resetPassword } from "@/lib/users/service";
import { readNewPassword } from "@/scripts/commands/password-input";
import { printTable, when } from "@/scripts/commands/table";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

// `user …`: the accounts of the web app, through lib/users (the admin pages' functions) with the CLI's context.

const admin = (command: string) => cliContext(command, "admin");

/** Kept as a hidden option only to explain why it is refused, instead of commander's "unknown option". */
const refusedPasswordOption = new Option("--password <password>").hideHelp();

function refusePasswordOption(options: { password?: string }): void {
  if (options.password !== undefined) {
    throw new AppError("INVALID", "--password is not accepted (shell history and `ps` would show it): type the password at the prompt, or give it on standard input.");
  }
}

function statusOf(user: UserSummary): string {
  if (!user.active) return "deactivated";
  return user.locked ? `locked until ${when(user.lockedUntil)}` : "active";
}

/** Every page of the list (accounts number in the tens or hundreds). */
async function allUsers(filters: { role?: string; status?: string; search?: string }): Promise<UserSummary[]> {
  const ctx = admin("user list");
  const users: UserSummary[] = [];
  for (let page = 1; ; page += 1) {
    const criteria = parseInput(UserListCriteria, { role: filters.role, status: filters.status, q: filters.search, page, pageSize: 100 }, "filter");
    const result = await listUsers(ctx, criteria);
    users.push(...result.data);
    if (result.data.length === 0 || users.length >= result.total) return users;
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("user accounts (the web app's sign-ins)");

  user
    .command("create")
    .description("create a user; the password is read from a hidden prompt, or from the first line of standard input")
    .requiredOption("--email <email>", "sign-in e-mail (unique)")
    .requiredOption("--name <name>", "display name")
    .requiredOption("--role <role>", "admin | clinician | compliance | integration")
    .addOption(refusedPasswordOption)
    .action((options: { email: string; name: string; role: string; password?: string }) =>
      withDatabaseUrl(async () => {
        refusePasswordOption(options);
        const created = await createUser({ email: options.email, name: options.name, role: options.role, password: await readNewPassword() });
        console.log(`Created ${created.role} user ${created.email} (${created.id}).`);
      }),
    );

  user
    .command("list")
    .description("list user accounts")
    .option("--role <role>", "only this role")
    .option("--status <status>", "active | inactive")
    .option("--search <text>", "part of the name or e-mail")
    .option("--json", "one JSON array instead of a table")
    .action((options: { role?: string; status?: string; search?: string; json?: boolean }) =>
      withDatabaseUrl(async () => {
        const users = await allUsers(options);
        if (options.json) {
          console.log(JSON.stringify(users));
          return;
        }
        printTable(users, {
          EMAIL: (u) => u.email,
          NAME: (u) => u.name,
          ROLE: (u) => u.role,
          STATUS: statusOf,
          "LAST SIGN-IN": (u) => when(u.lastLoginAt),
        });
      }),
    );

  user
    .command("disable")
    .description("deactivate an account and end its sessions")
    .argument("<email>", "the account's e-mail")
    .action((email: string) =>
      withDatabaseUrl(async () => {
        const ctx = admin("user disable");
        const target = await findUserByEmail(ctx, email);
        const change = await deactivateUser(ctx, { userId: target.id });
        console.log(`Deactivated ${target.email}; ${change.sessionsEnded} session(s) ended.`);
      }),
    );

  user
    .command("enable")
    .description("reactivate a deactivated account")
    .argument("<email>", "the account's e-mail")
    .action((email: string) =>
      withDatabaseUrl(async () => {
        const ctx = admin("user enable");
        const target = await findUserByEmail(ctx, email);
        await reactivateUser(ctx, { userId: target.id });
        console.log(`Reactivated ${target.email}.`);
      }),
    );

  user
    .command("reset-password")
    .description("set a new password (read like create's), lift a lockout and end the account's sessions")
    .argument("<email>", "the account's e-mail")
    .addOption(refusedPasswordOption)
    .action((email: string, options: { password?: string }) =>
      withDatabaseUrl(async () => {
        refusePasswordOption(options);
        const ctx = admin("user reset-password");
        const target = await findUserByEmail(ctx, email);
        const password = await readNewPassword();
        const input = parseInput(PasswordReset, { userId: target.id, password, confirmPassword: password }, "password");
        const change = await resetPassword(ctx, input);
        console.log(`Password of ${target.email} reset; ${change.sessionsEnded} session(s) ended.`);
      }),
    );
}
