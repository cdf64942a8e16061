import { Command } from "commander";
import { disconnectCache } from "@/lib/cache";
import { db, disconnectDb } from "@/lib/db/client";
import { benchAuditCost } from "@/scripts/bench/audit-cost";
import type { LoadOptions } from "@/scripts/bench/harness";
import { integer } from "@/scripts/commands/seed";

// `npm run bench`: every benchmark against DATABASE_URL (seed it first with
// `npm run cli -- seed --patients 1000000`). Each figure is printed next to a baseline measured in the same run.

const BENCHES = { audit: benchAuditCost } as const satisfies Record<string, (load: LoadOptions) => Promise<void>>;
type BenchName = keyof typeof BENCHES;

const program = new Command("bench")
  .option("--only <names>", `comma-separated subset of: ${Object.keys(BENCHES).join(", ")}`)
  .option("--seconds <n>", "duration of each scenario", integer(1), 10)
  .option("--concurrency <n>", "concurrent requests", integer(1), 16)
  .parse();

const options = program.opts<{ only?: string; seconds: number; concurrency: number }>();
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a database seeded with `npm run cli -- seed --patients 1000000`.");
  process.exit(2);
}
const selected = (options.only?.split(",") ?? Object.keys(BENCHES)) as BenchName[];
const load: LoadOptions = { concurrency: options.concurrency, durationMs: options.seconds * 1000, warmupMs: 2000 };

try {
  const patients = await db().patient.count();
  console.log(`database: ${patients.toLocaleString("en-US")} patients; ${load.concurrency} concurrent, ${options.seconds} s per scenario`);
  for (const name of selected) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`Unknown benchmark ${name}`);
    await bench(load);
  }
} finally {
  await disconnectDb();
  await disconnectCache();
}
