import { spawn } from "node:child_process";
import { migrateUp } from "@/lib/db/migrations/runner";
import { resolveDatabaseUrl } from "@/lib/dev/database-url";
import { DEMO_USERS } from "@/lib/seed/demo-users";

// `npm run dev`: the whole app with sample data and no configuration (embedded PostgreSQL, in-process cache).

const port = Number(process.env.PORT ?? 3000);
const database = await resolveDatabaseUrl();
process.env.DATABASE_URL = database.url;

const applied = await migrateUp(database.url);
if (applied.length > 0) console.log(`Applied migrations: ${applied.join(", ")}`);

const { db, disconnectDb } = await import("@/lib/db/client");
const { seedDemoData } = await import("@/lib/seed/demo");
await seedDemoData(db());
await disconnectDb();

console.log(`
Meridian is starting on http://localhost:${port}
  database: ${database.embedded ? "embedded PostgreSQL (.meridian/postgres)" : "DATABASE_URL"}
  cache:    ${process.env.REDIS_URL ? "Redis (REDIS_URL)" : "in-process (set REDIS_URL to use Redis)"}
Demo sign-ins:
${DEMO_USERS.map((user) => `  ${user.role.padEnd(11)} ${user.email.padEnd(28)} ${user.password}`).join("\n")}
`);

const next = spawn("npx", ["next", "dev", "-p", String(port)], { stdio: "inherit", env: process.env });

async function shutdown(code: number): Promise<never> {
  await database.embedded?.stop();
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    next.kill(signal);
  });
}
next.on("exit", (code) => void shutdown(code ?? 0));
