import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { allergyResponseSelect } from "@/lib/allergies/dto";
import { AuditGroupCommit } from "@/lib/audit/group-commit";
import { auditInsertRows, auditRowValues, type AuditRowValues } from "@/lib/audit/writer";
import type pg from "pg";
import type { AuthContext } from "@/lib/auth/assert";
import { cache, cacheHealth, cacheKeys, type CacheStats } from "@/lib/cache";
import { columnOf } from "@/lib/db/columns";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { medicationResponseSelect } from "@/lib/medications/dto";
import { observationResponseSelect } from "@/lib/observations/dto";
import { patientRowsStatement } from "@/lib/patients/dto";
import { chartObservationIdsStatement } from "@/lib/patients/chart-data";
import { getPatientChart, searchAuditEntry, searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { runPatientSearch, type PatientIdPage } from "@/lib/patients/search-sql";
import { contextFor } from "@/lib/testing/auth-context";
import { measure, measureInTurns, type LoadOptions, type Measurement } from "@/scripts/bench/harness";
import { rawPool } from "@/scripts/bench/raw-sql";
import { printReport, type ReportRow } from "@/scripts/bench/report";
import { TYPO_KINDS, misspell, type TypoKind } from "@/lib/patients/testing/typos";
import { samplePatients, seededFaker, type SampledPatient } from "@/scripts/bench/samples";

// Clinical reads against the bulk-seeded database, each next to the same SQL sent straight through pg:
// - search: searchPatients (permission check, transaction, rows, audit row) vs every statement it sends (the lookup
//   of search-sql.ts run by runPatientSearch, the page's rows, the audit INSERT) on a plain pg connection, and vs
//   the lookup alone — the same statements with the same parameters, by construction;
// - chart: getPatientChart with a cache hit, a miss and Redis stopped, vs the chart's PostgreSQL reads through pg.

export interface BenchOptions {
  /** Where chart-redis-down writes its result for the parent `chart` bench (JSON) instead of printing it. */
  report?: string;
}

const SEARCH_SAMPLE_SIZE = 400;
/** Queries of each scenario run once before measuring, to describe them (see describeQueries). */
const SANITY_CHECKS = 50;
/** Misspelt full names per kind of typo in the recall table. */
const RECALL_NAMES = 50;

interface SearchScenario {
  label: string;
  queries: PatientSearchCriteria[];
}

const criteria = (query: Record<string, string>) => PatientSearchCriteria.parse(query);

/** A name query with the same kind of slip in the first and the last name, and the patient it was misspelt from. */
interface MisspeltName {
  query: PatientSearchCriteria;
  target: string;
}

/** The sampled patients' full names, each word misspelt by `kind`, from a seeded generator: the same every run. */
function misspeltFullNames(patients: readonly SampledPatient[], kind: TypoKind, faker = seededFaker()): MisspeltName[] {
  return patients.flatMap((patient) => {
    const first = misspell(kind, patient.firstName, faker);
    const last = misspell(kind, patient.lastName, faker);
    return first && last ? [{ query: criteria({ name: `${first} ${last}` }), target: patient.id }] : [];
  });
}

function searchScenarios(patients: readonly SampledPatient[]): SearchScenario[] {
  const faker = seededFaker();
  const fullNames = misspeltFullNames(patients, "transposition", faker);
  const surnames = patients.flatMap((patient) => {
    const last = misspell("transposition", patient.lastName, faker);
    return last ? [last] : [];
  });
  return [
    { label: "name, misspelt first + last name", queries: fullNames.map(({ query }) => query) },
    {
      label: "name, misspelt surname alone",
      // Thousands of patients share a surname: which one is on the first page says nothing.
      queries: surnames.map((name) => criteria({ name })),
    },
    { label: "MRN, exact", queries: patients.map((patient) => criteria({ mrn: patient.mrn })) },
    { label: "birth date", queries: patients.map((patient) => criteria({ birthDate: patient.birthDate })) },
  ];
}

const cycle = <T>(items: readonly T[]) => {
  if (items.length === 0) throw new Error("Nothing sampled for this scenario.");
  return (index: number): T => items[index % items.length] as T;
};

type Lookup = (criteria: PatientSearchCriteria) => Promise<PatientIdPage>;

/** Before measuring, on the first queries: the median number of matches. */
async function describeQueries(search: Lookup, scenario: SearchScenario) {
  const totals: number[] = [];
  for (const query of scenario.queries.slice(0, SANITY_CHECKS)) totals.push((await search(query)).total);
  totals.sort((a, b) => a - b);
  return `median ${totals[Math.floor(totals.length / 2)] ?? 0} matches`;
}

/**
 * Recall, the typo tolerance the figures pay for: for each kind of slip, made in both the first and the last name
 * of sampled patients, how often the patient the name was misspelt from is on the first page, and ranked first.
 */
async function printRecall(search: Lookup, patients: readonly SampledPatient[]): Promise<void> {
  console.log("\nRecall: the intended patient found by a misspelt first + last name (first page of 25, relevance order)");
  console.log("| typo in first and last name | names | on page 1 | ranked first |");
  console.log("|---|---:|---:|---:|");
  for (const kind of TYPO_KINDS) {
    const names = misspeltFullNames(patients, kind).slice(0, RECALL_NAMES);
    let onFirstPage = 0;
    let first = 0;
    for (const { query, target } of names) {
      const { ids } = await search(query);
      if (ids.includes(target)) onFirstPage += 1;
      if (ids[0] === target) first += 1;
    }
    console.log(`| ${kind} | ${names.length} | ${onFirstPage}/${names.length} | ${first}/${names.length} |`);
  }
}

/**
 * Every statement searchPatients sends, on a plain pg pool: lookup and the page's rows in one transaction, then the
 * audit row by group commit on the same pool, as the application commits it (lib/audit/group-commit.ts).
 */
async function searchWithEveryStatement(pool: pg.Pool, audit: AuditGroupCommit<AuditRowValues>, ctx: AuthContext, criteria: PatientSearchCriteria): Promise<PatientIdPage> {
  const found = await inSqlTransaction(pool, async (run) => {
    const page = await runPatientSearch(run, criteria);
    if (page.ids.length > 0) await run(patientRowsStatement(page.ids));
    return page;
  });
  await audit.append(auditRowValues(searchAuditEntry(ctx, criteria, found, found.ids.length)));
  return found;
}

/** Turns per search scenario (measureInTurns). */
const SEARCH_TURNS = 4;

export async function benchSearch(load: LoadOptions): Promise<void> {
  const patients = await samplePatients(SEARCH_SAMPLE_SIZE);
  const scenarios = searchScenarios(patients);
  const ctx = contextFor("clinician", "/bench/patients");
  const pool = rawPool();
  const lookup: Lookup = (criteria) => inSqlTransaction(pool, (run) => runPatientSearch(run, criteria));
  const audit = new AuditGroupCommit(() => pool, auditInsertRows);
  const everyStatement: Lookup = (criteria) => searchWithEveryStatement(pool, audit, ctx, criteria);
  const rows: ReportRow[] = [];
  try {
    await printRecall(lookup, patients);
    for (const scenario of scenarios) {
      const query = cycle(scenario.queries);
      const note = await describeQueries(lookup, scenario);
      // In turns, so that the ratios between the three do not depend on what else the machine did meanwhile.
      const [lookupOnly, raw, app] = (await measureInTurns(
        [
          { name: `${scenario.label}: raw SQL (pg), lookup only`, operation: (i) => lookup(query(i)) },
          { name: `${scenario.label}: raw SQL (pg), every statement`, operation: (i) => everyStatement(query(i)) },
          { name: `${scenario.label}: searchPatients`, operation: (i) => searchPatients(ctx, query(i)) },
        ],
        load,
        SEARCH_TURNS,
      )) as [Measurement, Measurement, Measurement];
      const vsLookup = `p95 ${(app.p95 / lookupOnly.p95).toFixed(2)}x the lookup alone`;
      rows.push(
        { measurement: lookupOnly, note },
        { measurement: raw, baseline: lookupOnly, note: "+ the page's rows and the audit row (vs the lookup alone)" },
        { measurement: app, baseline: raw, note: `+ permission check, DTOs; ${vsLookup}` },
      );
    }
  } finally {
    await pool.end();
  }
  printReport(`Patient search (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each)`, rows);
}

const WARM_SET_SIZE = 100;
const CHART_TARGET_RPS = 300;
/** Requests the paced scenario may have in flight, so that one slow reply does not hold back the next starts. */
const PACED_WORKERS = 32;
/** Upper bound on chart reads per second that miss the cache: each needs an id never read before. */
const MAX_MISS_RPS = 800;

/** Enough distinct patients for every request of one scenario to read a different chart. */
const idsForOneRun = (load: LoadOptions) => Math.ceil(((load.durationMs + (load.warmupMs ?? 0)) / 1000) * MAX_MISS_RPS);

const columnsOf = (select: Record<string, boolean>) => Prisma.raw(Object.keys(select).map(columnOf).join(", "));

/**
 * The PostgreSQL reads of getPatientChart (header, demographics, the chart's observations and their counts,
 * medications, allergies).
 */
function rawChartStatements(patientId: string): Prisma.Sql[] {
  return [
    Prisma.sql`SELECT id, mrn, restricted FROM patients WHERE id = ${patientId}::uuid`,
    patientRowsStatement([patientId]),
    Prisma.sql`SELECT ${columnsOf(observationResponseSelect)} FROM observations
      WHERE id IN (SELECT id::uuid FROM (${chartObservationIdsStatement(patientId)}) chart)`,
    Prisma.sql`SELECT source_emr, count(*) FROM observations WHERE patient_id = ${patientId}::uuid GROUP BY source_emr ORDER BY source_emr`,
    Prisma.sql`SELECT ${columnsOf(medicationResponseSelect)} FROM medications WHERE patient_id = ${patientId}::uuid
      ORDER BY start_date DESC NULLS LAST, created_at DESC, id ASC`,
    Prisma.sql`SELECT ${columnsOf(allergyResponseSelect)} FROM allergies WHERE patient_id = ${patientId}::uuid
      ORDER BY recorded_date DESC NULLS LAST, created_at DESC, id ASC`,
  ];
}

async function readChartRaw(run: SqlRunner, patientId: string): Promise<void> {
  for (const statement of rawChartStatements(patientId)) await run(statement);
}

const statsSince = (before: CacheStats): CacheStats => {
  const now = cache().stats();
  return { hits: now.hits - before.hits, misses: now.misses - before.misses, fallbacks: now.fallbacks - before.fallbacks };
};

function describeCache(stats: CacheStats): string {
  const reads = stats.hits + stats.misses + stats.fallbacks;
  const share = (n: number) => `${((n / Math.max(1, reads)) * 100).toFixed(0)}%`;
  return `cache: ${share(stats.hits)} hits, ${share(stats.misses)} misses, ${share(stats.fallbacks)} fallbacks`;
}

async function measureChart(name: string, operation: (i: number) => Promise<unknown>, load: LoadOptions) {
  const before = cache().stats();
  const measurement = await measure(name, operation, load);
  return { measurement, cache: statsSince(before) };
}

async function waitForRedis(): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt += 1) {
    const health = await cacheHealth();
    if (health.status === "up" && health.backend === "redis") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("The chart benchmark needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379).");
}

async function deleteChartKeys(ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 1000) {
    await cache().delete(ids.slice(start, start + 1000).map(cacheKeys.patientAggregate));
  }
}

/** A local port nothing listens on: what the application sees when Redis is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("Could not pick a free port.");
  return address.port;
}

interface ChildResult {
  measurement: Measurement;
  cache: CacheStats;
}

/**
 * The Redis-down scenario runs in a child process whose REDIS_URL points at a closed port: the shared Redis of
 * this machine keeps running, and the child's application code sees exactly what an outage looks like to it.
 */
async function measureWithRedisStopped(load: LoadOptions): Promise<ChildResult> {
  const directory = await mkdtemp(path.join(tmpdir(), "meridian-bench-"));
  const report = path.join(directory, "chart-redis-down.json");
  const args = [
    "--conditions=react-server",
    path.join(import.meta.dirname, "index.ts"),
    ...["--only", "chart-redis-down", "--report", report],
    ...["--seconds", String(load.durationMs / 1000), "--concurrency", String(load.concurrency)],
  ];
  const env = { ...process.env, REDIS_URL: `redis://127.0.0.1:${await closedPort()}` };
  const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(tsx, args, { env, stdio: ["ignore", "ignore", "inherit"] });
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) throw new Error(`chart-redis-down exited with code ${code}`);
    return JSON.parse(await readFile(report, "utf8")) as ChildResult;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export async function benchChart(load: LoadOptions): Promise<void> {
  await waitForRedis();
  const perRunIds = idsForOneRun(load);
  const ids = (await samplePatients(WARM_SET_SIZE + 2 * perRunIds)).map((patient) => patient.id);
  const warm = ids.slice(0, WARM_SET_SIZE);
  const rawIds = ids.slice(WARM_SET_SIZE, WARM_SET_SIZE + perRunIds);
  const coldIds = ids.slice(WARM_SET_SIZE + perRunIds);
  const ctx = contextFor("clinician", "/bench/chart");
  const pool = rawPool();
  try {
    await deleteChartKeys(ids);
    for (const id of warm) await getPatientChart(ctx, id);
    const warmId = cycle(warm);
    const rawId = cycle(rawIds);
    // Each miss needs an id never read before; warm-up and measurement share this counter.
    let nextCold = 0;
    const coldId = () => {
      const id = coldIds[nextCold++];
      if (id === undefined) throw new Error("Ran out of never-read patient ids; raise MAX_MISS_RPS.");
      return id;
    };
    const raw = await measure("chart, raw SQL (pg): the same PostgreSQL reads", (i) => inSqlTransaction(pool, (run) => readChartRaw(run, rawId(i))), load);
    const hit = await measureChart("getPatientChart, cache hit", (i) => getPatientChart(ctx, warmId(i)), load);
    const miss = await measureChart("getPatientChart, cache miss", () => getPatientChart(ctx, coldId()), load);
    const down = await measureWithRedisStopped(load);
    const paced = await measureChart(
      `getPatientChart, cache hit, ${CHART_TARGET_RPS} req/s`,
      (i) => getPatientChart(ctx, warmId(i)),
      { ...load, targetRps: CHART_TARGET_RPS, concurrency: Math.max(load.concurrency, PACED_WORKERS) },
    );
    const rows: ReportRow[] = [
      { measurement: raw, note: `${rawIds.length} distinct patients` },
      ...[hit, miss, down].map((result) => ({ measurement: result.measurement, baseline: raw, note: describeCache(result.cache) })),
      // Paced, so not comparable with the closed-loop baseline.
      { measurement: paced.measurement, note: `open loop; ${describeCache(paced.cache)}` },
    ];
    const title = `Chart read (concurrency ${load.concurrency}, ${load.durationMs / 1000} s each; last row paced at ${CHART_TARGET_RPS} req/s)`;
    printReport(title, rows);
  } finally {
    await deleteChartKeys(ids);
    await pool.end();
  }
}

/** Internal: run by benchChart in a child process with REDIS_URL pointing at a closed port. */
export async function benchChartRedisDown(load: LoadOptions, options: BenchOptions = {}): Promise<void> {
  const health = await cacheHealth();
  if (health.status !== "down") {
    throw new Error("chart-redis-down needs an unreachable REDIS_URL; run it through `--only chart`.");
  }
  // Its own sample (another seed): charts the parent has not just read, like the cache-miss scenario.
  const ids = cycle((await samplePatients(idsForOneRun(load), 7)).map((patient) => patient.id));
  const ctx = contextFor("clinician", "/bench/chart");
  const result = await measureChart("getPatientChart, Redis stopped", (i) => getPatientChart(ctx, ids(i)), load);
  if (options.report) {
    await writeFile(options.report, JSON.stringify(result));
  } else {
    printReport("Chart read, Redis stopped", [{ measurement: result.measurement, note: describeCache(result.cache) }]);
  }
}
