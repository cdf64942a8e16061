import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { readMigrations } from "@/lib/db/migrations/files";
import { migrateUp } from "@/lib/db/migrations/runner";

/** A server where tests may create and drop databases (the test runner sets it; local default otherwise). */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export function urlForDatabase(name: string, base = adminUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Name of the migrated template database: changes whenever a migration changes, so stale templates are never reused. */
export function templateName(): string {
  const digest = createHash("sha256");
  for (const migration of readMigrations()) digest.update(migration.name).update(migration.checksum);
  return `meridian_template_${digest.digest("hex").slice(0, 12)}`;
}

/** The creation time in the name lets a later run tell a leftover from a database another run is still using. */
function newDatabaseName(prefix: string): string {
  return `${prefix}_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(4).toString("hex")}`;
}

export async function createEmptyDatabase(prefix = "meridian_t"): Promise<{ name: string; url: string }> {
  const name = newDatabaseName(prefix);
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return { name, url: urlForDatabase(name) };
}

/** Creates the migrated template once per set of migrations; each test file then clones it in milliseconds. */
export async function ensureTemplate(): Promise<string> {
  const name = templateName();
  const exists = await withAdmin(async (client) => {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return result.rowCount === 1;
  });
  if (exists) return name;
  const scratch = await createEmptyDatabase("meridian_building");
  await migrateUp(scratch.url);
  await withAdmin(async (client) => {
    await client.query(`ALTER DATABASE "${scratch.name}" RENAME TO "${name}"`).catch(async (error: unknown) => {
      // Another run built the same template meanwhile: keep theirs.
      await client.query(`DROP DATABASE IF EXISTS "${scratch.name}" WITH (FORCE)`);
      const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
      if (code !== "42P04") throw error;
    });
  });
  return name;
}

export async function cloneTemplate(template: string): Promise<{ name: string; url: string }> {
  const name = newDatabaseName("meridian_t");
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: urlForDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

const LEFTOVER_AFTER_SECONDS = 3 * 3600;

/** Seconds since a test database was created, from its name; unknown (older naming) counts as old. */
function ageSeconds(name: string): number {
  const created = /^meridian_(?:t|building)_([0-9a-z]+)_[0-9a-f]+$/.exec(name)?.[1];
  return created ? Date.now() / 1000 - parseInt(created, 36) : Number.POSITIVE_INFINITY;
}

/**
 * Removes databases left by interrupted earlier runs. One in use, or created in the last hours (another run on
 * this server may be between two uses of it, e.g. while `next build` runs), is left alone.
 */
export async function dropLeftoverTestDatabases(): Promise<void> {
  await withAdmin(async (client) => {
    const result = await client.query<{ datname: string }>(
      `SELECT d.datname FROM pg_database d
       WHERE (d.datname LIKE 'meridian\\_t\\_%' OR d.datname LIKE 'meridian\\_building\\_%')
         AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const row of result.rows) {
      if (ageSeconds(row.datname) < LEFTOVER_AFTER_SECONDS) continue;
      await client.query(`DROP DATABASE IF EXISTS "${row.datname}"`).catch(() => undefined);
    }
  });
}
