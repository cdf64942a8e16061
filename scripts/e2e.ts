import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ensureChromium, ensurePostgres, ensureRedis } from "@/lib/dev/services";
import { cloneTemplate, dropDatabase, ensureTemplate } from "@/lib/testing/databases";

// Browser tests against a production build (`next start`) on its own freshly seeded database.

const postgres = await ensurePostgres();
process.env.TEST_DATABASE_ADMIN_URL = postgres.adminUrl;
const database = await cloneTemplate(await ensureTemplate());

const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production" as const,
  DATABASE_URL: database.url,
  DIRECT_DATABASE_URL: database.url,
  REDIS_URL: await ensureRedis(),
  REDIS_KEY_PREFIX: `e2e:${randomBytes(4).toString("hex")}:`,
  NEXTAUTH_URL: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CHROMIUM_PATH: ensureChromium(),
  // Every journey signs in from 127.0.0.1; the per-IP limit itself is covered by lib/auth/sign-in.int.test.ts.
  LOGIN_RATE_LIMIT_PER_IP: "10000",
  // Likewise every anonymous request; the per-address audit limit is covered by lib/audit/writer.int.test.ts.
  AUDIT_ANONYMOUS_ROWS_PER_MINUTE: "100000",
};

let status = 1;
try {
  Object.assign(process.env, { DATABASE_URL: database.url, DIRECT_DATABASE_URL: database.url, ENCRYPTION_KEY: serverEnv.ENCRYPTION_KEY });
  const { db, disconnectDb } = await import("@/lib/db/client");
  const { seedDemoData } = await import("@/lib/seed/demo");
  await seedDemoData(db(), { patients: 60 });
  // The message store's journeys start from messages sent through the real ingest (e2e/hl7-journey.ts).
  const { seedHl7Journey } = await import("@/scripts/testing/hl7-journey-seed");
  await seedHl7Journey();
  await disconnectDb();

  const build = process.env.E2E_SKIP_BUILD === "1" ? { status: 0 } : spawnSync("npx", ["next", "build"], { stdio: "inherit", env: serverEnv });
  if (build.status !== 0) throw new Error("next build failed");
  const run = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env: serverEnv });
  status = run.status ?? 1;
} finally {
  await dropDatabase(database.name);
  await postgres.embedded?.stop();
}
process.exit(status);
