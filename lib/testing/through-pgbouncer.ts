import { afterAll } from "vitest";
import { startPgbouncer } from "@/lib/testing/pgbouncer";

// Imported first by a test file: puts a real PgBouncer (transaction pooling) in front of the file's database and
// points the app at it the way a deployment does: DATABASE_URL the pooler, DIRECT_DATABASE_URL PostgreSQL itself.
// It must run before anything reads the environment (lib/env.ts parses it once).

/** Server connections PgBouncer shares among the app's clients: far fewer than the app pool holds. */
export const SERVER_CONNECTIONS = 3;
const STATEMENT_TIMEOUT_MS = 20_000;

export const directUrl = process.env.DATABASE_URL ?? "";
export const pooler = await startPgbouncer(directUrl, { serverConnections: SERVER_CONNECTIONS, statementTimeoutMs: STATEMENT_TIMEOUT_MS });

Object.assign(process.env, {
  DATABASE_URL: pooler.url,
  DIRECT_DATABASE_URL: directUrl,
  DATABASE_POOL_SIZE: "6",
  DATABASE_POOL_MAX_OVERFLOW: "10",
  DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
});

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db/client");
  await disconnectDb();
  await pooler.stop();
});
