import type { Measurement } from "@/scripts/bench/harness";

// A results table in which each row names its own baseline (the raw SQL measured just before it), so several
// scenarios, each with its own baseline, share one table.

export interface ReportRow {
  measurement: Measurement;
  baseline?: Measurement;
  note?: string;
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
const ratio = (value: number, base: number) => `${fixed(value / base)}x`;

export function printReport(title: string, rows: readonly ReportRow[], baselineLabel = "raw"): void {
  console.log(`\n${title}`);
  console.log(`| scenario | requests | errors | req/s | p50 ms | p95 ms | p99 ms | p95 vs ${baselineLabel} | req/s vs ${baselineLabel} | notes |`);
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const { measurement: m, baseline, note } of rows) {
    const p95 = baseline ? ratio(m.p95, baseline.p95) : "";
    const rps = baseline ? ratio(m.rps, baseline.rps) : "";
    console.log(
      `| ${m.name} | ${m.requests} | ${m.errors} | ${fixed(m.rps, 0)} | ${fixed(m.p50)} | ${fixed(m.p95)} | ${fixed(m.p99)} | ${p95} | ${rps} | ${note ?? ""} |`,
    );
  }
}
