import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, readMigrations } from "@/lib/db/migrations/files";
import { migrateDown, migrateUp, migrationStatus } from "@/lib/db/migrations/runner";
import { diffDatabaseToSchema } from "@/lib/db/migrations/schema-diff";
import { createEmptyDatabase, dropDatabase } from "@/lib/testing/databases";

let database: { name: string; url: string };

async function publicTables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    return result.rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createEmptyDatabase();
});

afterAll(async () => {
  await dropDatabase(database.name);
});

describe("migrations up → down → up", () => {
  const all = readMigrations().map((m) => m.name);

  it("applies every migration to an empty database and leaves no drift from schema.prisma", async () => {
    expect(await migrateUp(database.url)).toEqual(all);
    const status = await migrationStatus(database.url);
    expect(status.pending).toEqual([]);
    expect(status.modified).toEqual([]);
    const drift = await diffDatabaseToSchema(database.url);
    expect(drift.sql).toBe("");
    expect(drift.hasChanges).toBe(false);
  });

  it("rolls every migration back down to an empty schema", async () => {
    for (const name of [...all].reverse()) expect(await migrateDown(database.url)).toBe(name);
    expect(await migrateDown(database.url)).toBeNull();
    expect(await publicTables(database.url)).toEqual(["_prisma_migrations"]);
    expect((await migrationStatus(database.url)).pending).toEqual(all);
  });

  it("migrates up again with no drift", async () => {
    expect(await migrateUp(database.url)).toEqual(all);
    expect((await diffDatabaseToSchema(database.url)).hasChanges).toBe(false);
  });

  it("reports drift when the database and the schema disagree", async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("DROP INDEX patients_last_name_trgm_idx");
    await client.end();
    const drift = await diffDatabaseToSchema(database.url);
    expect(drift.hasChanges).toBe(true);
    expect(drift.sql).toContain("patients_last_name_trgm_idx");
  });
});

describe("an applied migration edited afterwards", () => {
  // The file's own database, migrated from the template like every test database.
  const migrated = process.env.DATABASE_URL ?? "";
  let copy: string;

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), "meridian-migrations-"));
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
  });

  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("is refused, and nothing pending is applied after it", async () => {
    const edited = readMigrations(copy)[0]?.name ?? "";
    appendFileSync(path.join(copy, edited, "migration.sql"), "\n-- an innocent-looking edit\n");
    const pending = "99999999999999_after_the_edit";
    mkdirSync(path.join(copy, pending));
    writeFileSync(path.join(copy, pending, "migration.sql"), "CREATE TABLE after_the_edit (id int);");
    writeFileSync(path.join(copy, pending, "down.sql"), "DROP TABLE after_the_edit;");

    const status = await migrationStatus(migrated, readMigrations(copy));
    expect(status.modified).toEqual([edited]);
    expect(status.pending).toEqual([pending]);
    await expect(migrateUp(migrated, readMigrations(copy))).rejects.toThrow(`Applied migrations were edited afterwards: ${edited}`);
    expect(await publicTables(migrated)).not.toContain("after_the_edit");
    expect((await migrationStatus(migrated)).modified).toEqual([]);
  });
});
