import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from "@/lib/dev/embedded-postgres";

export interface ResolvedDatabase {
  url: string;
  embedded: RunningPostgres | null;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL with its `meridian` database. */
export async function resolveDatabaseUrl(): Promise<ResolvedDatabase> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: null };
  const embedded = await startEmbeddedPostgres();
  await ensureDatabase(embedded.urlFor("postgres"), "meridian");
  return { url: embedded.urlFor("meridian"), embedded };
}
