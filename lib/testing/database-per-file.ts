import { randomBytes } from "node:crypto";
import { afterAll } from "vitest";
import { cloneTemplate, dropDatabase, ensureTemplate } from "@/lib/testing/databases";

// Each integration test file gets its own freshly migrated database, so files run in parallel without sharing rows.
const template = process.env.MERIDIAN_TEST_TEMPLATE ?? (await ensureTemplate());
const database = await cloneTemplate(template);
process.env.DATABASE_URL = database.url;
// Migrations and session-level locks follow DATABASE_URL (lib/env.ts's default), also in child processes a test
// starts with a DATABASE_URL of its own, whatever DIRECT_DATABASE_URL the shell has.
delete process.env.DIRECT_DATABASE_URL;
process.env.REDIS_URL ??= "redis://127.0.0.1:6379";
// A configured database needs its own key (lib/env.ts); a fresh one per file, as a deployment would have.
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db/client");
  await disconnectDb();
  await dropDatabase(database.name);
});
