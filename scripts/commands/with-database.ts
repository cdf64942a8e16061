import { resolveDatabaseUrl } from "@/lib/dev/database-url";

/** Runs a command against DATABASE_URL, or the embedded PostgreSQL when it is not set; stops what it started. */
export async function withDatabaseUrl(work: (url: string) => Promise<void>): Promise<void> {
  const database = await resolveDatabaseUrl();
  process.env.DATABASE_URL = database.url;
  try {
    await work(database.url);
  } finally {
    const { disconnectDb } = await import("@/lib/db/client");
    await disconnectDb();
    await database.embedded?.stop();
  }
}
