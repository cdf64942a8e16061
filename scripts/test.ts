import { spawnSync } from "node:child_process";
import { ensureChromium, ensurePostgres, ensureRedis } from "@/lib/dev/services";

// `npm test`: every tier, in order of cost, against real PostgreSQL, Redis and Chromium.

interface Step {
  name: string;
  command: string[];
}

const steps: Step[] = [
  { name: "lint", command: ["npm", "run", "-s", "lint"] },
  { name: "typecheck", command: ["npm", "run", "-s", "typecheck"] },
  { name: "unit", command: ["npx", "vitest", "run", "--project", "unit"] },
  { name: "integration", command: ["npx", "vitest", "run", "--project", "integration"] },
  // Two clones in a folder nobody else may enter start zero-config at once (as root in CI): README's `npm run dev`.
  { name: "zero-config", command: ["npx", "tsx", "--conditions=react-server", "scripts/zero-config/check.ts"] },
  { name: "e2e", command: ["npm", "run", "-s", "test:e2e"] },
];

const postgres = await ensurePostgres();
const redisUrl = await ensureRedis();
const chromium = ensureChromium();
const childEnv = { ...process.env, TEST_DATABASE_ADMIN_URL: postgres.adminUrl, REDIS_URL: redisUrl, CHROMIUM_PATH: chromium };
console.log(`services: postgres ${new URL(postgres.adminUrl).host}, redis ${new URL(redisUrl).host}, chromium ${chromium}`);

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  const [command, ...args] = step.command;
  if (!command) continue;
  console.log(`\n=== ${step.name}: ${step.command.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(command, args, { stdio: "inherit", env: childEnv });
  results.push({ name: step.name, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

await postgres.embedded?.stop();

console.log("\n=== summary");
for (const result of results) console.log(`${result.ok ? "ok  " : "FAIL"} ${result.name} (${result.seconds}s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
