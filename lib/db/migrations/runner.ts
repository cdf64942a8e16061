import { randomUUID } from "node:crypto";
import pg from "pg";
import { readMigrations, type MigrationFile } from "@/lib/db/migrations/files";

// Prisma's own bookkeeping table, so `prisma migrate status/deploy` agree with us wherever its engine exists.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every process that migrates this database.
const LOCK_ID = 727_431_001;

export interface AppliedMigration {
  name: string;
  checksum: string;
  finishedAt: Date;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: string[];
  modified: string[];
  unknown: string[];
}

/**
 * `databaseUrl` must reach PostgreSQL itself (DIRECT_DATABASE_URL), never a transaction pooler: there each statement
 * outside BEGIN may run on another server connection, so the session-level lock would be taken on one and its unlock
 * sent to another, leaving the first locked until that server connection closes.
 */
async function withLockedClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "meridian-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(CREATE_TABLE);
    return await work(client);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

async function appliedMigrations(client: pg.Client): Promise<AppliedMigration[]> {
  const result = await client.query<{ migration_name: string; checksum: string; finished_at: Date }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
  return result.rows.map((row) => ({ name: row.migration_name, checksum: row.checksum, finishedAt: row.finished_at }));
}

function compare(files: MigrationFile[], applied: AppliedMigration[]): MigrationStatus {
  const byName = new Map(files.map((file) => [file.name, file]));
  const appliedNames = new Set(applied.map((migration) => migration.name));
  return {
    applied,
    pending: files.filter((file) => !appliedNames.has(file.name)).map((file) => file.name),
    modified: applied.filter((m) => byName.has(m.name) && byName.get(m.name)?.checksum !== m.checksum).map((m) => m.name),
    unknown: applied.filter((m) => !byName.has(m.name)).map((m) => m.name),
  };
}

export function migrationStatus(databaseUrl: string, files = readMigrations()): Promise<MigrationStatus> {
  return withLockedClient(databaseUrl, async (client) => compare(files, await appliedMigrations(client)));
}

/** Applies every pending migration, each in its own transaction (all of its SQL or none of it). */
export function migrateUp(databaseUrl: string, files = readMigrations()): Promise<string[]> {
  return withLockedClient(databaseUrl, async (client) => {
    const status = compare(files, await appliedMigrations(client));
    if (status.modified.length > 0) throw new Error(`Applied migrations were edited afterwards: ${status.modified.join(", ")}`);
    const applied: string[] = [];
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      await client.query("BEGIN");
      try {
        await client.query(file.upSql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), file.checksum, file.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${file.name} failed and was rolled back: ${reason}`);
      }
      applied.push(file.name);
    }
    return applied;
  });
}

/** Undoes the latest applied migration with its down.sql, in one transaction. Returns its name, or null. */
export function migrateDown(databaseUrl: string, files = readMigrations()): Promise<string | null> {
  return withLockedClient(databaseUrl, async (client) => {
    const latest = (await appliedMigrations(client)).at(-1);
    if (!latest) return null;
    const file = files.find((f) => f.name === latest.name);
    if (!file) throw new Error(`Migration ${latest.name} is applied but its folder is missing`);
    await client.query("BEGIN");
    try {
      await client.query(file.downSql);
      await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, [file.name]);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
    return file.name;
  });
}
