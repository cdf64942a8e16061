import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { failedVitestTests } from "./test-report";
import { ensureChromium, ensurePgbouncer, ensurePostgres, ensureRedis } from "@/lib/dev/services";

// `npm test`: every tier, in order of cost, against real PostgreSQL, Redis, Chromium and PgBouncer.

interface Step {
  name: string;
  command: string[];
  /** Vitest steps also write a JSON report, so the summary can name what failed (CI shows only the log's tail). */
  vitest?: boolean;
}

const steps: Step[] = [
  { name: "lint", command: ["npm", "run", "-s", "lint"] },
  { name: "typecheck", command: ["npm", "run", "-s", "typecheck"] },
  { name: "unit", command: ["npx", "vitest", "run", "--project", "unit"], vitest: true },
  { name: "integration", command: ["npx", "vitest", "run", "--project", "integration"], vitest: true },
  // Two clones in a folder nobody else may enter start zero-config at once (as root in CI): README's `npm run dev`.
  { name: "zero-config", command: ["npx", "tsx", "--conditions=react-server", "scripts/zero-config/check.ts"] },
  { name: "e2e", command: ["npm", "run", "-s", "test:e2e"] },
];

const postgres = await ensurePostgres();
const redisUrl = await ensureRedis();
const chromium = ensureChromium();
const pgbouncer = ensurePgbouncer();
const childEnv = { ...process.env, TEST_DATABASE_ADMIN_URL: postgres.adminUrl, REDIS_URL: redisUrl, CHROMIUM_PATH: chromium, PGBOUNCER_PATH: pgbouncer };
console.log(`services: postgres ${new URL(postgres.adminUrl).host}, redis ${new URL(redisUrl).host}, chromium ${chromium}, pgbouncer ${pgbouncer}`);

const reports = mkdtempSync(path.join(tmpdir(), "meridian-test-"));
const results: { name: string; ok: boolean; seconds: number; failures: string[] }[] = [];
for (const step of steps) {
  const [command, ...args] = step.command;
  if (!command) continue;
  const report = path.join(reports, `${step.name}.json`);
  if (step.vitest) args.push("--reporter=default", "--reporter=json", `--outputFile.json=${report}`);
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: "inherit", env: childEnv });
  const ok = run.status === 0;
  const failures = !ok && step.vitest ? failedVitestTests(report) : [];
  results.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000), failures });
}

await postgres.embedded?.stop();

console.log("\n=== summary");
for (const result of results) {
  console.log(`${result.ok ? "ok  " : "FAIL"} ${result.name} (${result.seconds}s)`);
  for (const failure of result.failures) console.log(`       ${failure}`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
