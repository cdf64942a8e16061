import { randomBytes } from "node:crypto";
import { GET as health } from "@/app/api/health/route";
import { jsonResponse } from "@/lib/api/json-response";
import { dbPool } from "@/lib/db/client";
import { resultMessage } from "@/lib/hl7/testing/sample-messages";
import { getPatientChart, searchPatients } from "@/lib/patients/queries";
import { PatientSearchCriteria } from "@/lib/patients/schema";
import { createApiKey, createUser } from "@/lib/seed/accounts";
import { asApiKey } from "@/scripts/bench/api-key-route";
import { CpuMeter } from "@/scripts/bench/cpu";
import { measure, printTable, runInTurns, type Measurement } from "@/scripts/bench/harness";
import { driveHttp, httpTurn, type HttpRequestPlan } from "@/scripts/bench/http-load";
import { postHl7InProcess } from "@/scripts/bench/ingest";
import { BENCH_DIST_DIR, buildProduction, freePort, startProduction, type ProductionServer } from "@/scripts/bench/production-server";
import { printReport, type ReportRow } from "@/scripts/bench/report";
import { samplePatients } from "@/scripts/bench/samples";
import { HttpSession } from "@/scripts/zero-config/http-session";

// `npm run bench -- --only http`: the production server (`next start` through scripts/server.mjs) on DATABASE_URL,
// driven from outside by autocannon at several concurrencies, next to the same route handlers called in-process in
// the same run (no socket, no Next.js server) and the trivial /api/health as the framework's floor. The routes run
// over HTTP in turns (harness.ts: runInTurns), with the CPU per request of the server process and of PostgreSQL.
// `--soak` then reads charts for five minutes and samples the server's resident memory.

const CONNECTIONS = [1, 4, 16] as const;
/** Turns per route over HTTP: this machine's speed drifts over minutes, and the floor must see the same drift. */
const HTTP_ROUNDS = 5;
const PATIENTS = 200;
const CHART_TARGET_RPS = 300;
const SOAK_SECONDS = 300;
const SOAK_SAMPLE_MS = 10_000;
const HL7 = "x-application/hl7-v2+er7";

export interface HttpBenchOptions {
  seconds: number;
  build: boolean;
  soak: boolean;
}

interface Fixture {
  server: ProductionServer;
  key: string;
  cookie: string;
  ids: string[];
  mrns: string[];
  tag: string;
}

function cycle<T>(items: readonly T[]): (index: number) => T {
  return (index) => items[index % items.length] as T;
}

/** The server's environment: this database, cache and encryption key; limits meant for people lifted for the load. */
function serverEnvironment(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_DIST_DIR: BENCH_DIST_DIR,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
    LOGIN_RATE_LIMIT_PER_IP: "100000",
    AUDIT_ANONYMOUS_ROWS_PER_MINUTE: "100000",
  };
}

async function prepare(options: HttpBenchOptions): Promise<Fixture> {
  const port = await freePort();
  const environment = serverEnvironment(port);
  if (options.build) buildProduction(environment);
  const server = await startProduction(environment, port);
  const tag = Date.now().toString(36);
  const patients = await samplePatients(PATIENTS);
  const { key } = await createApiKey({ name: `bench http ${tag}`, role: "integration" });
  const email = `http-bench-${tag}@bench.invalid`;
  const password = randomBytes(18).toString("base64url");
  await createUser({ email, name: `HTTP bench ${tag}`, role: "clinician", password });
  const session = new HttpSession(server.url);
  await session.signIn(email, password);
  const fixture = { server, key, cookie: session.cookieHeader(), ids: patients.map((p) => p.id), mrns: patients.map((p) => p.mrn), tag };
  // Every chart read below is a cache hit: each chart is read once first.
  for (const id of fixture.ids) {
    const response = await fetch(`${server.url}/api/v1/patients/${id}`, { headers: { authorization: `Bearer ${key}` } });
    if (response.status !== 200) throw new Error(`warming chart ${id}: HTTP ${response.status} ${await response.text()}`);
  }
  return fixture;
}

interface Scenario {
  name: string;
  plan: HttpRequestPlan;
  /** The same route handler called in-process, when there is one. */
  inProcess?: (index: number) => Promise<Response>;
}

async function expectOk(response: Promise<Response>): Promise<void> {
  const settled = await response;
  if (settled.status !== 200) throw new Error(`HTTP ${settled.status}`);
  await settled.arrayBuffer();
}

function scenarios(fixture: Fixture, connections: number): Scenario[] {
  const bearer = { authorization: `Bearer ${fixture.key}` };
  const id = cycle(fixture.ids);
  const mrn = cycle(fixture.mrns);
  const local = (path: string, init: RequestInit = {}) => new Request(new URL(path, "http://127.0.0.1"), { ...init, headers: { ...bearer, ...init.headers } });
  const hl7 = (index: number) => {
    const controlId = `H${fixture.tag}-${connections}-${index}`;
    return resultMessage(controlId, index, { patients: 50, results: 5, sender: `HTTP${fixture.tag}` });
  };
  return [
    { name: "GET /api/health (floor)", plan: { next: () => ({ path: "/api/health" }) }, inProcess: () => Promise.resolve(health()) },
    {
      name: "GET /api/v1/patients/{id}, API key, cached chart",
      plan: { headers: bearer, next: (i) => ({ path: `/api/v1/patients/${id(i)}` }) },
      inProcess: (i) => asApiKey(local(`/api/v1/patients/${id(i)}`), fixture.key, "patients:read", async (ctx) => jsonResponse(await getPatientChart(ctx, id(i)))),
    },
    {
      name: "GET /api/v1/patients?mrn=, API key, search",
      plan: { headers: bearer, next: (i) => ({ path: `/api/v1/patients?mrn=${encodeURIComponent(mrn(i))}` }) },
      inProcess: (i) =>
        asApiKey(local(`/api/v1/patients?mrn=${encodeURIComponent(mrn(i))}`), fixture.key, "patients:read", async (ctx, url) =>
          jsonResponse(await searchPatients(ctx, PatientSearchCriteria.parse(url.searchParams))),
        ),
    },
    { name: "GET /patients/{id}, page, signed-in clinician", plan: { headers: { cookie: fixture.cookie }, next: (i) => ({ path: `/patients/${id(i)}` }) } },
    {
      name: "POST /api/v1/hl7, API key, ORU^R01",
      plan: { method: "POST", headers: { ...bearer, "content-type": HL7 }, next: (i) => ({ path: "/api/v1/hl7", body: hl7(i) }) },
      inProcess: (i) => postHl7InProcess(local("/api/v1/hl7", { method: "POST", headers: { "content-type": HL7 }, body: new Uint8Array(hl7(i + 10_000_000)) }), fixture.key),
    },
  ];
}

async function atConcurrency(fixture: Fixture, connections: number, seconds: number): Promise<void> {
  const list = scenarios(fixture, connections);
  const overHttp = await runInTurns(
    list.map((scenario) => ({
      name: `${scenario.name} — HTTP`,
      turn: (durationMs: number) => httpTurn(fixture.server.url, scenario.plan, { connections, seconds: durationMs / 1000 }),
    })),
    seconds * 1000,
    HTTP_ROUNDS,
    new CpuMeter(dbPool(), fixture.server.pid),
  );
  const rows: { http: Measurement; local?: Measurement }[] = [];
  for (const [index, scenario] of list.entries()) {
    const http = overHttp[index];
    if (!http) continue;
    const { inProcess } = scenario;
    const local = inProcess
      ? await measure(`${scenario.name} — in-process handler`, (i) => expectOk(inProcess(i)), { concurrency: connections, durationMs: seconds * 1000, warmupMs: 1000 })
      : undefined;
    rows.push({ http, local });
  }
  printTable(
    `HTTP, ${connections} connection(s), ${seconds} s each in ${HTTP_ROUNDS} turns: every row against GET /api/health over HTTP (CPU: the server process + PostgreSQL)`,
    overHttp,
    overHttp[0],
  );
  printReport(
    `HTTP, ${connections} connection(s): each route over HTTP against the same handler in-process (what the server and socket add)`,
    rows.flatMap((row): ReportRow[] =>
      row.local ? [{ measurement: row.local }, { measurement: row.http, baseline: row.local }] : [{ measurement: row.http, note: "no in-process counterpart" }],
    ),
    "in-process",
  );
}

async function soak(fixture: Fixture): Promise<void> {
  const id = cycle(fixture.ids);
  const samples: { second: number; mb: number }[] = [];
  const started = Date.now();
  const sample = () => samples.push({ second: Math.round((Date.now() - started) / 1000), mb: fixture.server.residentBytes() / 2 ** 20 });
  sample();
  const timer = setInterval(sample, SOAK_SAMPLE_MS);
  const load = await driveHttp(
    `soak: GET /api/v1/patients/{id}, cached, ${SOAK_SECONDS} s`,
    fixture.server.url,
    { headers: { authorization: `Bearer ${fixture.key}` }, next: (i) => ({ path: `/api/v1/patients/${id(i)}` }) },
    { connections: 4, seconds: SOAK_SECONDS },
  ).finally(() => clearInterval(timer));
  sample();
  printTable("Soak", [load]);
  const minute = (from: number, to: number) => {
    const inside = samples.filter((s) => s.second >= from && s.second < to);
    return inside.reduce((sum, s) => sum + s.mb, 0) / Math.max(1, inside.length);
  };
  const first = minute(60, 120);
  const last = minute(SOAK_SECONDS - 60, SOAK_SECONDS + 60);
  console.log(`resident memory (MB) every ${SOAK_SAMPLE_MS / 1000} s: ${samples.map((s) => s.mb.toFixed(0)).join(" ")}`);
  console.log(`second minute ${first.toFixed(1)} MB, last minute ${last.toFixed(1)} MB: ${(last / first).toFixed(3)}x (the first minute is warm-up)`);
}

export async function benchHttp(options: HttpBenchOptions): Promise<void> {
  const fixture = await prepare(options);
  try {
    console.log(`\nhttp: production server ${fixture.server.url} (${BENCH_DIST_DIR}), ${PATIENTS} cached charts, autocannon`);
    for (const connections of CONNECTIONS) await atConcurrency(fixture, connections, options.seconds);
    const paced = await driveHttp(
      `GET /api/v1/patients/{id}, API key, cached chart, ${CHART_TARGET_RPS} req/s open loop`,
      fixture.server.url,
      { headers: { authorization: `Bearer ${fixture.key}` }, next: (i) => ({ path: `/api/v1/patients/${cycle(fixture.ids)(i)}` }) },
      { connections: 16, seconds: options.seconds, rate: CHART_TARGET_RPS },
    );
    printTable(`Cached chart read paced at ${CHART_TARGET_RPS} req/s (goal: p95 < 15 ms, no errors)`, [paced]);
    if (options.soak) await soak(fixture);
  } finally {
    await fixture.server.stop();
  }
}
