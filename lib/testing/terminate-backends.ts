import { spawnSync } from "node:child_process";

// Runs in a child process, so the caller's event loop stays blocked meanwhile: the notices of the ended sessions
// reach the caller's sockets but are not read yet, exactly as when a restart or a mass termination meets a busy
// server. The child waits until the backends are really gone.
const SCRIPT = `
import pg from "pg";
const client = new pg.Client({ connectionString: process.argv[1] });
await client.connect();
const others = "datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
const { rows } = await client.query("SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE " + others);
for (let waited = 0; waited < 100; waited += 1) {
  const left = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE " + others);
  if (left.rows[0].n === 0) break;
  await client.query("SELECT pg_sleep(0.02)");
}
await client.end();
process.stdout.write(String(rows[0].n));
`;

/** Terminates every other session on the database of `databaseUrl` (pg_terminate_backend); returns how many. */
export function terminateBackendsSynchronously(databaseUrl: string): number {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", SCRIPT, databaseUrl], {
    cwd: process.cwd(),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`terminating backends failed: ${result.stderr || result.error?.message}`);
  return Number(result.stdout);
}
