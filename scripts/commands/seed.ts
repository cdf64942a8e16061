import { Presets, SingleBar } from "cli-progress";
import { keyring } from "@/lib/secrets/keyring";
import type { Command } from "commander";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type BulkSeedResult, bulkMrn, seedBulk } from "@/lib/seed/bulk";
import { seedDemoData } from "@/lib/seed/demo";
import { measureRawCopy } from "@/scripts/bench/seed-copy";
import { integer } from "@/scripts/commands/arguments";
import { withDatabaseUrl } from "@/scripts/commands/with-database";

interface SeedOptions {
  patients?: number;
  seed: number;
  observationsPerPatient?: number;
  batchSize?: number;
  compareRaw?: boolean;
  progress: boolean;
}

const count = (n: number) => n.toLocaleString("en-US");

function progressBar(enabled: boolean): { update(done: number, total: number, rate: number): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: "{bar} {percentage}% | {value}/{total} patients | {rate} rows/s | ETA {eta_formatted}", hideCursor: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, rate) {
      // Starts at the patients already present, so a resumed run's ETA counts only what is left.
      if (!started) bar.start(total, done, { rate: "-" });
      started = true;
      bar.update(done, { rate: rate > 0 ? count(Math.round(rate)) : "-" });
    },
    stop: () => bar.stop(),
  };
}

function report(result: BulkSeedResult, target: number): void {
  if (result.patients === 0) {
    console.log(`Bulk seed: nothing to do, ${count(result.previous)} bulk patients already present (target ${count(target)}).`);
    return;
  }
  console.log(
    `Bulk seed: ${count(result.patients)} patients (${bulkMrn(result.firstIndex)}..${bulkMrn(result.lastIndex)}) and ` +
      `${count(result.observations)} observations in ${result.seconds.toFixed(2)} s: ` +
      `${count(Math.round(result.rowsPerSecond))} rows/s.`,
  );
}

async function bulk(url: string, options: SeedOptions & { patients: number }): Promise<void> {
  const observationsPerPatient = options.observationsPerPatient ?? 5;
  const batchSize = options.batchSize ?? 10_000;
  const bar = progressBar(options.progress && process.stderr.isTTY === true);
  const result = await seedBulk({
    databaseUrl: url,
    patients: options.patients,
    observationsPerPatient,
    seed: options.seed,
    batchSize,
    keyring: keyring(),
    onProgress: (p) => bar.update(p.patientsDone, p.patientsTarget, p.elapsedSeconds > 0 ? p.rowsInserted / p.elapsedSeconds : 0),
  }).finally(() => bar.stop());
  report(result, options.patients);
  if (!options.compareRaw) return;
  if (result.patients === 0) {
    console.log("--compare-raw: this run inserted nothing to compare with; use a fresh database or a larger --patients.");
    return;
  }
  const raw = await measureRawCopy({
    databaseUrl: url,
    firstIndex: result.firstIndex,
    lastIndex: result.lastIndex,
    observationsPerPatient,
    seed: options.seed,
    batchSize,
    keyring: keyring(),
  });
  console.log(
    `Raw COPY baseline: ${count(raw.rows)} pre-generated rows into scratch tables in ${raw.seconds.toFixed(2)} s: ` +
      `${count(Math.round(raw.rowsPerSecond))} rows/s.`,
  );
  console.log(
    `ours/raw throughput: ${(result.rowsPerSecond / raw.rowsPerSecond).toFixed(2)} ` +
      `(the seed takes ${(result.seconds / raw.seconds).toFixed(2)}x the raw COPY time).`,
  );
}

export function registerSeedCommands(program: Command): void {
  program
    .command("seed")
    .description("seed demo data (idempotent); with --patients N, bulk-load N synthetic patients for benchmarks (resumable)")
    .option("--patients <n>", "bulk mode: total number of bulk patients wanted", integer(1))
    .option("--seed <n>", "random seed (same seed, same rows)", integer(0), 42)
    .option("--observations-per-patient <n>", "bulk mode: vitals per new patient (default 5)", integer(0))
    .option("--batch-size <n>", "bulk mode: patients per transaction (default 10000)", integer(1))
    .option("--compare-raw", "bulk mode: also time a raw COPY of the same rows into scratch tables and print the ratio")
    .option("--no-progress", "bulk mode: no progress bar")
    .action((options: SeedOptions) =>
      withDatabaseUrl(async (url) => {
        const { patients } = options;
        if (patients !== undefined) return bulk(url, { ...options, patients });
        if (options.observationsPerPatient !== undefined || options.batchSize !== undefined || options.compareRaw) {
          throw new AppError("INVALID", "--observations-per-patient, --batch-size and --compare-raw need --patients N (bulk mode).");
        }
        await seedDemoData(db(), { seed: options.seed });
      }),
    );
}
