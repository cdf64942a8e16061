import { migrationStatus } from "@/lib/db/migrations/runner";
import { StartupError } from "@/lib/dev/startup-error";

/** A long-running process (MLLP listener, worker) refuses to start on a database with pending migrations. */
export async function requireMigrated(databaseUrl: string): Promise<void> {
  const status = await migrationStatus(databaseUrl);
  if (status.pending.length > 0) {
    throw new StartupError(`The database has ${status.pending.length} pending migration(s): run \`npm run db:migrate\` first.`);
  }
}
