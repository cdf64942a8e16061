import { performance } from "node:perf_hooks";

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

export async function measure(name: string, operation: (i: number) => Promise<unknown>, options: LoadOptions): Promise<Measurement> {
  if (options.warmupMs) await drive(operation, options, false);
  const { latencies, errors, seconds } = await drive(operation, options, true);
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

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

export function printTable(title: string, rows: Measurement[], baseline?: Measurement): void {
  console.log(`\n${title}`);
  console.log("| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | p95 vs baseline | req/s vs baseline |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const row of rows) {
    const ratioP95 = baseline && row !== baseline ? `${fixed(row.p95 / baseline.p95)}x` : "";
    const ratioRps = baseline && row !== baseline ? `${fixed(row.rps / baseline.rps)}x` : "";
    console.log(`| ${row.name} | ${row.requests} | ${row.errors} | ${fixed(row.rps, 0)} | ${fixed(row.p50)} | ${fixed(row.p95)} | ${fixed(row.p99)} | ${ratioP95} | ${ratioRps} |`);
  }
}
