import { performance } from "node:perf_hooks";
import { CpuMeter } from "@/scripts/bench/cpu";

// A closed-loop load generator: `concurrency` workers call `operation` back to back for `durationMs`.
// Latency percentiles and throughput are reported per scenario; comparisons are made between scenarios
// measured in the same run, never against fixed numbers.

export interface Measurement {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /**
   * CPU per request, where measured (in turns with a CpuMeter): the node process doing the work (this one, or the
   * server under HTTP load) and the database's server processes.
   */
  cpuMsPerRequest?: { node: number; database: number };
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  /** Open-loop pacing: at most this many starts per second across all workers. */
  targetRps?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function drive(operation: (i: number) => Promise<unknown>, options: LoadOptions, record: boolean) {
  const latencies: number[] = [];
  let errors = 0;
  let started = 0;
  const begin = performance.now();
  const end = begin + (record ? options.durationMs : (options.warmupMs ?? 0));
  const interval = options.targetRps ? 1000 / options.targetRps : 0;
  async function worker() {
    while (performance.now() < end) {
      const index = started++;
      if (interval > 0) {
        const due = begin + index * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const t0 = performance.now();
      try {
        await operation(index);
        if (record) latencies.push(performance.now() - t0);
      } catch {
        errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { latencies, errors, seconds: (performance.now() - begin) / 1000 };
}

export function summarize(name: string, latencies: number[], errors: number, seconds: number): Measurement {
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

export async function measure(name: string, operation: (i: number) => Promise<unknown>, options: LoadOptions): Promise<Measurement> {
  if (options.warmupMs) await drive(operation, options, false);
  const { latencies, errors, seconds } = await drive(operation, options, true);
  return summarize(name, latencies, errors, seconds);
}

export interface Scenario {
  name: string;
  operation: (i: number) => Promise<unknown>;
}

/** What one turn of a scenario measured: each completed request's latency (ms), the failures and the time taken. */
export interface TurnResult {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** A scenario with a load generator of its own (autocannon over HTTP, say): `turn` drives it for `durationMs`. */
export interface DrivenScenario {
  name: string;
  turn: (durationMs: number) => Promise<TurnResult>;
}

/** measureInTurns for scenarios called in this process, at `options.concurrency`, after `options.warmupMs` each. */
export async function measureInTurns(scenarios: readonly Scenario[], options: LoadOptions, rounds: number, meter?: CpuMeter): Promise<Measurement[]> {
  if (options.warmupMs) for (const scenario of scenarios) await drive(scenario.operation, options, false);
  const driven = scenarios.map((scenario) => ({ name: scenario.name, turn: (durationMs: number) => drive(scenario.operation, { ...options, durationMs }, true) }));
  return runInTurns(driven, options.durationMs, rounds, meter);
}

/**
 * The scenarios in turns — A, B, C, A, B, C… — each turn `durationMs / rounds` long, their figures added up per
 * scenario. Whatever else the machine does meanwhile (another process, autovacuum, a checkpoint) falls on every
 * scenario alike, so the ratios between them hold where back-to-back runs of several seconds each would not.
 */
export async function runInTurns(scenarios: readonly DrivenScenario[], durationMs: number, rounds: number, meter?: CpuMeter): Promise<Measurement[]> {
  const totals = scenarios.map(() => ({ latencies: [] as number[], errors: 0, seconds: 0, nodeMs: 0, databaseMs: 0 }));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, scenario] of scenarios.entries()) {
      const before = await meter?.sample();
      const result = await scenario.turn(durationMs / rounds);
      const after = await meter?.sample();
      const total = totals[index];
      if (!total) continue;
      total.latencies.push(...result.latencies);
      total.errors += result.errors;
      total.seconds += result.seconds;
      if (before && after) {
        const used = CpuMeter.between(before, after);
        total.nodeMs += used.nodeMs;
        total.databaseMs += used.databaseMs;
      }
    }
  }
  return scenarios.map((scenario, index) => {
    const total = totals[index] ?? { latencies: [], errors: 0, seconds: 0, nodeMs: 0, databaseMs: 0 };
    const requests = total.latencies.length;
    const measurement = summarize(scenario.name, total.latencies, total.errors, total.seconds);
    if (!meter || requests === 0) return measurement;
    return { ...measurement, cpuMsPerRequest: { node: total.nodeMs / requests, database: total.databaseMs / requests } };
  });
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

const cpuOf = (row: Measurement) => (row.cpuMsPerRequest ? row.cpuMsPerRequest.node + row.cpuMsPerRequest.database : Number.NaN);

export function printTable(title: string, rows: Measurement[], baseline?: Measurement): void {
  const withCpu = rows.some((row) => row.cpuMsPerRequest);
  const cpuHeads = withCpu ? " CPU ms/req (node + db) | CPU vs baseline |" : "";
  console.log(`\n${title}`);
  console.log(`| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | p95 vs baseline | req/s vs baseline |${cpuHeads}`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|${withCpu ? "---:|---:|" : ""}`);
  for (const row of rows) {
    const compared = baseline && row !== baseline;
    const ratioP95 = compared ? `${fixed(row.p95 / baseline.p95)}x` : "";
    const ratioRps = compared ? `${fixed(row.rps / baseline.rps)}x` : "";
    const cpu = row.cpuMsPerRequest;
    const cpuCells = withCpu
      ? ` ${cpu ? `${fixed(cpuOf(row), 3)} (${fixed(cpu.node, 3)} + ${fixed(cpu.database, 3)})` : ""} | ${compared ? `${fixed(cpuOf(row) / cpuOf(baseline))}x` : ""} |`
      : "";
    console.log(`| ${row.name} | ${row.requests} | ${row.errors} | ${fixed(row.rps, 0)} | ${fixed(row.p50)} | ${fixed(row.p95)} | ${fixed(row.p99)} | ${ratioP95} | ${ratioRps} |${cpuCells}`);
  }
}
