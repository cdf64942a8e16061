import "server-only";
import type pg from "pg";
import { isConnectionFailure } from "@/lib/db/connection-failure";
import type { Prisma } from "@/lib/generated/prisma/client";

/** Runs one statement and returns its rows, on whichever connection the caller holds. */
export type SqlRunner = <Row extends Record<string, unknown>>(statement: Prisma.Sql) => Promise<Row[]>;

/**
 * A pooled connection inside BEGIN. A connection found dead at BEGIN (nothing has run on it yet) is closed and the
 * transaction starts once more on a fresh one.
 */
async function begin(pool: pg.Pool): Promise<pg.PoolClient> {
  for (let attempt = 0; ; attempt += 1) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      return client;
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)));
      if (attempt > 0 || !isConnectionFailure(error)) throw error;
    }
  }
}

/**
 * `work` on one pooled connection inside BEGIN … COMMIT, rolled back if it throws. For hot paths whose statements
 * are SQL already (patient search): Prisma's interactive transaction and query engine would cost them several times
 * the work PostgreSQL does (see the README's performance section). The statements are Prisma.Sql all the same.
 */
export async function inSqlTransaction<T>(pool: pg.Pool, work: (run: SqlRunner) => Promise<T>): Promise<T> {
  const client = await begin(pool);
  let broken: Error | undefined;
  // The server can end the connection between two statements (a restart, an administrator): node-postgres then
  // emits "error" on the checked-out client, which would end the process unheard. The next statement fails instead.
  const noteBroken = (error: Error) => {
    broken = error;
  };
  client.on("error", noteBroken);
  try {
    const result = await work(async (statement) => (await client.query(statement.text, statement.values)).rows);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: unknown) => {
      // A connection that cannot roll back goes back to the pool as broken, to be closed rather than reused.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.off("error", noteBroken);
    client.release(broken);
  }
}
