import { resolveDatabaseUrl } from "@/lib/dev/database-url";
import { env } from "@/lib/env";

/**
 * Runs a command against DATABASE_URL, or the embedded PostgreSQL when it is not set; stops what it started.
 * The environment is checked before anything else, so a configured database without its ENCRYPTION_KEY is refused
 * at once; only the embedded database is marked (MERIDIAN_EMBEDDED_DATABASE) as the one the development key may use.
 * `work` is given the direct URL (DIRECT_DATABASE_URL, else DATABASE_URL): the commands that take it hold
 * session-level locks or settings (migrations, the bulk seed), which a transaction pooler cannot keep.
 */
export async function withDatabaseUrl(work: (directUrl: string) => Promise<void>): Promise<void> {
  if (process.env.DATABASE_URL) {
    // A marker left in the shell by a development session must not lend the public key to a real database.
    delete process.env.MERIDIAN_EMBEDDED_DATABASE;
    env();
  }
  const database = await resolveDatabaseUrl();
  try {
    if (database.embedded) Object.assign(process.env, { DATABASE_URL: database.url, DIRECT_DATABASE_URL: database.url, MERIDIAN_EMBEDDED_DATABASE: "true" });
    await work(env().DIRECT_DATABASE_URL);
  } finally {
    const { disconnectDb } = await import("@/lib/db/client");
    await disconnectDb();
    await database.embedded?.stop();
  }
}
