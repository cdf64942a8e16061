import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../prisma/migrations");

export interface MigrationFile {
  name: string;
  upSql: string;
  downSql: string;
  checksum: string;
}

/** Migration folders in order; each holds Prisma's migration.sql and our reviewed down.sql. */
export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const upPath = path.join(dir, name, "migration.sql");
      const downPath = path.join(dir, name, "down.sql");
      if (!existsSync(downPath)) throw new Error(`Migration ${name} has no down.sql`);
      const upSql = readFileSync(upPath, "utf8");
      // Prisma records the SHA-256 of migration.sql; keeping the same checksum keeps its CLI compatible.
      const checksum = createHash("sha256").update(upSql).digest("hex");
      return { name, upSql, downSql: readFileSync(downPath, "utf8"), checksum };
    });
}
