import pg from "pg";
import { poolConfig } from "@/lib/db/pool";
import { env } from "@/lib/env";
import type { SqlRunner } from "@/lib/patients/search-sql";

// The baseline side of the clinical benchmarks: SQL sent straight through a plain pg.Pool, sized and configured
// like the application's (same max, statement timeout), with no Prisma, no cache and no audit row.

export function rawPool(): pg.Pool {
  return new pg.Pool({ ...poolConfig(env()), application_name: "meridian-bench-raw" });
}

/** `work` on one pooled connection inside BEGIN … COMMIT, as the application's reads run inside a transaction. */
export async function inRawTransaction<T>(pool: pg.Pool, work: (run: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(async (statement) => (await client.query(statement.text, statement.values)).rows);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}
