import { migrationStatus } from "@/lib/db/migrations/runner";
import { StartupError } from "@/lib/dev/startup-error";

/**
 * A long-running process (MLLP listener, worker) refuses to start on a database with pending migrations.
 * `directUrl`: DIRECT_DATABASE_URL, as the status takes the migrations' session-level lock.
 */
export async function requireMigrated(directUrl: string): Promise<void> {
  const status = await migrationStatus(directUrl);
  if (status.pending.length > 0) {
    throw new StartupError(`The database has ${status.pending.length} pending migration(s): run \`npm run db:migrate\` first.`);
  }
}
