import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { MIGRATIONS_DIR } from "@/lib/db/migrations/files";
import { migrateDown, migrateUp, migrationStatus } from "@/lib/db/migrations/runner";
import { diffDatabaseToSchema } from "@/lib/db/migrations/schema-diff";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

function timestamp(): string {
  return new Date().toISOString().replace(/\D/g, "").slice(0, 14);
}

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("database migrations");

  db.command("migrate")
    .description("apply every pending migration")
    .action(() =>
      withDatabaseUrl(async (url) => {
        const applied = await migrateUp(url);
        console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
      }),
    );

  db.command("rollback")
    .description("undo the latest applied migration with its down.sql")
    .action(() =>
      withDatabaseUrl(async (url) => {
        const undone = await migrateDown(url);
        console.log(undone ? `Rolled back: ${undone}` : "Nothing to roll back.");
      }),
    );

  db.command("status")
    .description("list applied, pending and modified migrations")
    .action(() =>
      withDatabaseUrl(async (url) => {
        const status = await migrationStatus(url);
        for (const m of status.applied) console.log(`applied   ${m.name}  ${m.finishedAt.toISOString()}`);
        for (const name of status.pending) console.log(`pending   ${name}`);
        for (const name of status.modified) console.log(`MODIFIED  ${name} (edited after it was applied)`);
        for (const name of status.unknown) console.log(`UNKNOWN   ${name} (applied here, folder missing)`);
        if (status.modified.length || status.unknown.length) process.exitCode = 1;
      }),
    );

  db.command("diff")
    .description("compare the migrated database with prisma/schema.prisma; with --name, write the difference as a new migration")
    .option("--name <name>", "name of the migration to create")
    .action((options: { name?: string }) =>
      withDatabaseUrl(async (url) => {
        const diff = await diffDatabaseToSchema(url);
        if (!diff.hasChanges) {
          console.log("No difference: the database matches schema.prisma.");
          return;
        }
        if (!options.name) {
          console.log(diff.sql);
          process.exitCode = 2;
          return;
        }
        const folder = path.join(MIGRATIONS_DIR, `${timestamp()}_${options.name.replace(/\W+/g, "_")}`);
        mkdirSync(folder, { recursive: true });
        writeFileSync(path.join(folder, "migration.sql"), `${diff.sql}\n`);
        writeFileSync(path.join(folder, "down.sql"), "-- Write and review the statements that undo migration.sql.\n");
        console.log(`Created ${path.relative(process.cwd(), folder)}: review migration.sql and write down.sql.`);
      }),
    );
}
