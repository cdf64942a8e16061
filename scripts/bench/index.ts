import { Command } from "commander";
import { disconnectCache } from "@/lib/cache";
import { db, disconnectDb } from "@/lib/db/client";
import { benchAuditCost } from "@/scripts/bench/audit-cost";
import { benchAuditReview } from "@/scripts/bench/audit-review";
import { benchDetect } from "@/scripts/bench/detect";
import { benchChart, benchChartRedisDown, benchSearch, type BenchOptions } from "@/scripts/bench/clinical";
import { benchHttp } from "@/scripts/bench/http";
import { benchIngest } from "@/scripts/bench/ingest";
import type { LoadOptions } from "@/scripts/bench/harness";
import { benchSignIn } from "@/scripts/bench/sign-in";
import { integer } from "@/scripts/commands/arguments";

// `npm run bench`: every benchmark against DATABASE_URL (seed it first with
// `npm run cli -- seed --patients 1000000`). Each figure is printed next to a baseline measured in the same run.

type Bench = (load: LoadOptions, options: BenchOptions) => Promise<void>;

const BENCHES = {
  audit: benchAuditCost,
  // On a database of its own (it grows the audit trail to --audit-rows first), e.g. meridian_bench_audit.
  "audit-review": (load): Promise<void> => benchAuditReview(load, { rows: options.auditRows }),
  search: benchSearch,
  chart: benchChart,
  "chart-redis-down": benchChartRedisDown,
  "sign-in": benchSignIn,
  // Writes 4 × --messages HL7 messages (with their observations and audit rows) to the database.
  ingest: (): Promise<void> => benchIngest({ messages: options.messages, httpUrl: options.hl7Url }),
  // Writes --detect-rows generated audit rows (and bench users) to the database, then runs detection over them.
  detect: (load): Promise<void> => benchDetect(load, { rows: options.detectRows }),
  // Builds and starts the production server (in .next-bench) and loads it over HTTP; writes HL7 messages too.
  http: (): Promise<void> => benchHttp({ seconds: options.seconds, build: options.build, soak: options.soak }),
} as const satisfies Record<string, Bench>;
type BenchName = keyof typeof BENCHES;

/** Run by other benches in a child process with a special environment, never on their own by default. */
const INTERNAL: readonly BenchName[] = ["chart-redis-down"];
const PUBLIC = (Object.keys(BENCHES) as BenchName[]).filter((name) => !INTERNAL.includes(name));
/**
 * Run only when named in --only: audit-review grows the audit trail of its database to millions of rows, ingest
 * writes messages, detect a generated trail, http builds the app and writes messages.
 */
const ON_REQUEST: readonly BenchName[] = ["audit-review", "ingest", "detect", "http"];

const program = new Command("bench")
  .option("--only <names>", `comma-separated subset of: ${PUBLIC.join(", ")}`)
  .option("--seconds <n>", "duration of each scenario", integer(1), 10)
  .option("--concurrency <n>", "concurrent requests", integer(1), 16)
  .option("--audit-rows <n>", "audit-review: grow the audit trail to this many rows first", integer(1), 10_000_000)
  .option("--messages <n>", "ingest: messages per scenario", integer(1), 2000)
  .option("--detect-rows <n>", "detect: audit rows of the generated trail", integer(1), 200_000)
  .option("--hl7-url <url>", "ingest: also POST to /api/v1/hl7 of a server running on the same database")
  .option("--no-build", "http: reuse the last production build in .next-bench")
  .option("--soak", "http: then read charts for 5 minutes and sample the server's memory")
  .option("--report <file>", "write the result as JSON instead of printing it (for benches run as a child process)")
  .parse();

const options = program.opts<{
  only?: string;
  seconds: number;
  concurrency: number;
  report?: string;
  auditRows: number;
  messages: number;
  hl7Url?: string;
  detectRows: number;
  build: boolean;
  soak: boolean;
}>();
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a database seeded with `npm run cli -- seed --patients 1000000`.");
  process.exit(2);
}
const selected = (options.only?.split(",") ?? PUBLIC.filter((name) => !ON_REQUEST.includes(name))) as BenchName[];
const load: LoadOptions = { concurrency: options.concurrency, durationMs: options.seconds * 1000, warmupMs: 2000 };

try {
  const patients = await db().patient.count();
  console.log(`database: ${patients.toLocaleString("en-US")} patients; ${load.concurrency} concurrent, ${options.seconds} s per scenario`);
  for (const name of selected) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`Unknown benchmark ${name}`);
    await bench(load, { report: options.report });
  }
} finally {
  await disconnectDb();
  await disconnectCache();
}
