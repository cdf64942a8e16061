import pg from "pg";
import { afterAll } from "vitest";

/**
 * Raw SQL against this test file's database (lib/testing/database-per-file.ts), to check what the code under test
 * wrote. Call at module scope; the pool closes after the file, and its connections ending when the file's database is
 * dropped are expected.
 */
export function fileQuery() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  pool.on("error", () => undefined);
  afterAll(() => pool.end());
  return async <Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> => (await pool.query<Row>(text, values)).rows;
}
