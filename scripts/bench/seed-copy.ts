import { batchText, bulkContext, connectForCopy, copyBatch } from "@/lib/seed/bulk";
import type { Keyring } from "@/lib/secrets/keyring";

// Raw COPY baseline for `npm run cli -- seed --patients N --compare-raw`: the same rows, generated before the
// clock starts, copied into scratch copies of the tables (CREATE TABLE ... (LIKE ... INCLUDING ALL): same
// columns, defaults and indexes, no foreign keys). The gap to the real seed is what row generation, SSN
// encryption and foreign-key checks cost.

export interface RawCopyOptions {
  databaseUrl: string;
  firstIndex: number;
  lastIndex: number;
  observationsPerPatient: number;
  seed: number;
  batchSize: number;
  keyring: Keyring;
}

export interface RawCopyResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export async function measureRawCopy(options: RawCopyOptions): Promise<RawCopyResult> {
  const client = await connectForCopy(options.databaseUrl, "meridian-bench-raw-copy");
  const suffix = `${process.pid}_${Date.now()}`;
  const tables = { patients: `bench_raw_patients_${suffix}`, observations: `bench_raw_observations_${suffix}` };
  try {
    await client.query(`CREATE TABLE "${tables.patients}" (LIKE patients INCLUDING ALL)`);
    await client.query(`CREATE TABLE "${tables.observations}" (LIKE observations INCLUDING ALL)`);
    const ctx = bulkContext(options);
    let rows = 0;
    let seconds = 0;
    for (let from = options.firstIndex; from <= options.lastIndex; from += options.batchSize) {
      const to = Math.min(options.lastIndex, from + options.batchSize - 1);
      // Materialise the batch's text first (one batch at a time, so memory stays bounded); only COPY is timed.
      const lazy = batchText(ctx, from, to);
      const text = { patients: [...lazy.patients], observations: [...lazy.observations] };
      const started = performance.now();
      const inserted = await copyBatch(client, text, tables);
      seconds += (performance.now() - started) / 1_000;
      rows += inserted.patients + inserted.observations;
    }
    return { rows, seconds, rowsPerSecond: rows / seconds };
  } finally {
    await client.query(`DROP TABLE IF EXISTS "${tables.patients}", "${tables.observations}"`).catch(() => undefined);
    await client.end();
  }
}
