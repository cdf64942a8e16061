import { spawn } from "node:child_process";
import getPort, { portNumbers } from "get-port";
import path from "node:path";
import { migrateUp } from "@/lib/db/migrations/runner";
import { resolveDatabaseUrl, type ResolvedDatabase } from "@/lib/dev/database-url";
import { startupFailureLine } from "@/lib/dev/startup-error";
import { env } from "@/lib/env";
import type { MllpServer } from "@/lib/hl7/mllp/server";
import type { RunningWorker } from "@/lib/worker/worker";
import { DEMO_USERS } from "@/lib/seed/demo-users";

// `npm run dev`: the whole app with sample data and no configuration (embedded PostgreSQL, in-process cache).

const port = Number(process.env.PORT ?? 3000);

/** Database, migrations and demo seed; any failure ends the start with one line that says what to do. */
async function prepare(): Promise<ResolvedDatabase> {
  // A marker left in the shell by an earlier session must not lend the development key to a configured database.
  if (process.env.DATABASE_URL) delete process.env.MERIDIAN_EMBEDDED_DATABASE;
  const database = await resolveDatabaseUrl();
  process.env.DATABASE_URL = database.url;
  // The embedded database holds demo data only: the one database the development encryption key may be used with.
  if (database.embedded) Object.assign(process.env, { DIRECT_DATABASE_URL: database.url, MERIDIAN_EMBEDDED_DATABASE: "true" });
  try {
    const applied = await migrateUp(env().DIRECT_DATABASE_URL);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);
    const { db, disconnectDb } = await import("@/lib/db/client");
    const { seedDemoData } = await import("@/lib/seed/demo");
    await seedDemoData(db());
    await disconnectDb();
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  return database;
}

/** The MLLP listener, so a newcomer can send a message at once: MLLP_PORT, else 2575 or the next free port. */
async function startListener(): Promise<MllpServer> {
  const { startHl7Listener } = await import("@/lib/hl7/mllp/listener");
  const port = process.env.MLLP_PORT ? Number(process.env.MLLP_PORT) : await getPort({ port: [2575, ...portNumbers(2576, 2600)] });
  return startHl7Listener({ port });
}

/** The background worker (connection checks, statistics, samples), as `npm run worker` runs it. */
async function startBackgroundWorker(url: string): Promise<RunningWorker> {
  const { startWorker } = await import("@/lib/worker/worker");
  const { startInstanceMetrics } = await import("@/lib/metrics/publisher");
  startInstanceMetrics("mllp");
  return startWorker({ databaseUrl: url, connectionCheckMinutes: env().CONNECTION_CHECK_MINUTES });
}

let database: ResolvedDatabase;
let listener: MllpServer;
let worker: RunningWorker;
try {
  database = await prepare();
  listener = await startListener();
  worker = await startBackgroundWorker(database.url);
} catch (error) {
  console.error(`Meridian could not start: ${startupFailureLine(error)}`);
  process.exit(1);
}

console.log(`
Meridian is starting on http://localhost:${port}
  database: ${database.embedded ? `embedded PostgreSQL on 127.0.0.1:${database.embedded.port} (data in ${database.embedded.home})` : "DATABASE_URL"}
  cache:    ${process.env.REDIS_URL ? "Redis (REDIS_URL)" : "in-process (set REDIS_URL to use Redis)"}
  HL7 v2:   MLLP on port ${listener.port} (npm run cli -- hl7 send FILE --port ${listener.port}), HTTP POST /api/v1/hl7
  worker:   ${worker.instanceId} (connection checks, statistics)
Demo sign-ins:
${DEMO_USERS.map((user) => `  ${user.role.padEnd(11)} ${user.email.padEnd(28)} ${user.password}`).join("\n")}
`);

// The same server entry as `npm start`, so the client address follows the same rule (TRUSTED_PROXY_HOPS).
const next = spawn(process.execPath, [path.join(import.meta.dirname, "server.mjs"), "--dev", "-p", String(port)], { stdio: "inherit", env: process.env });

async function shutdown(code: number): Promise<never> {
  await listener.close();
  await worker.stop();
  await database.embedded?.stop();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    next.kill(signal);
  });
}
next.on("exit", (code) => void shutdown(code ?? 0));
