import "server-only";
import type { Keyring } from "@/lib/secrets/keyring";
import pg from "pg";
import { copyInto } from "@/lib/seed/bulk/copy-text";
import { buildPools } from "@/lib/seed/bulk/pools";
import {
  BULK_MRN_PREFIX, type BulkContext, OBSERVATION_COLUMNS, observationChunks, PATIENT_COLUMNS, patientChunks,
} from "@/lib/seed/bulk/rows";

export { bulkMrn } from "@/lib/seed/bulk/rows";

export interface BulkProgress {
  /** Bulk patients present so far (including those from earlier runs). */
  patientsDone: number;
  patientsTarget: number;
  /** Rows (patients + observations) inserted by this run so far. */
  rowsInserted: number;
  elapsedSeconds: number;
}

export interface BulkSeedOptions {
  databaseUrl: string;
  /** Total number of bulk patients wanted; indexes 1..patients. */
  patients: number;
  observationsPerPatient?: number;
  seed?: number;
  /** Patients per transaction: a crash loses at most one batch, and the re-run redoes exactly that batch. */
  batchSize?: number;
  keyring: Keyring;
  onProgress?: (progress: BulkProgress) => void;
}

export interface BulkSeedResult {
  /** Highest bulk index before this run (0 for none). */
  previous: number;
  firstIndex: number;
  lastIndex: number;
  patients: number;
  observations: number;
  seconds: number;
  rowsPerSecond: number;
}

// Any constant: serialises concurrent bulk seeds of one database, so the second one resumes after the first.
const LOCK_ID = 727_431_042;

/** The tables a bulk load fills, directly or through the patients' triggers. */
const LOADED_TABLES = ["patients", "patient_identifiers", "patient_name_words", "observations"] as const;

/** Highest index among bulk MRNs; the range predicate lets the MRN index (patients_mrn_idx) answer it with one probe. */
export async function highestBulkIndex(client: pg.ClientBase): Promise<number> {
  const result = await client.query<{ mrn: string }>(
    `SELECT mrn FROM patients WHERE mrn >= $1 AND mrn < $2 AND mrn ~ $3 ORDER BY mrn DESC LIMIT 1`,
    [BULK_MRN_PREFIX, `${BULK_MRN_PREFIX}:`, `^${BULK_MRN_PREFIX}[0-9]{9}$`],
  );
  const mrn = result.rows[0]?.mrn;
  return mrn ? Number(mrn.slice(BULK_MRN_PREFIX.length)) : 0;
}

export function bulkContext(options: Pick<BulkSeedOptions, "seed" | "keyring" | "observationsPerPatient">): BulkContext {
  const seed = options.seed ?? 42;
  return {
    seed,
    pools: buildPools(seed),
    keyring: options.keyring,
    observationsPerPatient: options.observationsPerPatient ?? 5,
    updatedAt: new Date().toISOString(),
  };
}

export async function connectForCopy(databaseUrl: string, applicationName: string): Promise<pg.Client> {
  // Its own connection, not the app pool: the pool's statement_timeout would cut a long COPY short. A session setting
  // (and seedBulk's session-level lock) needs PostgreSQL itself: callers pass DIRECT_DATABASE_URL, not a pooler.
  const client = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
  await client.connect();
  await client.query("SET statement_timeout = 0");
  return client;
}

export interface BatchText {
  patients: Iterable<string>;
  observations: Iterable<string>;
}

/** COPY text for patients [from, to] and their observations, generated lazily as COPY consumes it. */
export function batchText(ctx: BulkContext, from: number, to: number): BatchText {
  return { patients: patientChunks(ctx, from, to), observations: observationChunks(ctx, from, to) };
}

/** Copies one batch in one transaction: patients first, so the observations' foreign keys find them. */
export async function copyBatch(
  client: pg.ClientBase,
  text: BatchText,
  tables = { patients: "patients", observations: "observations" },
): Promise<{ patients: number; observations: number }> {
  await client.query("BEGIN");
  try {
    const patients = await copyInto(client, tables.patients, PATIENT_COLUMNS, text.patients);
    const observations = await copyInto(client, tables.observations, OBSERVATION_COLUMNS, text.observations);
    await client.query("COMMIT");
    return { patients, observations };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * Fills the database with `patients` synthetic patients (MRN BLK000000001 …) and their vitals through COPY,
 * into the real tables with every index and foreign key in place. Resumable: it continues after the highest
 * bulk MRN present, so re-running with the same count does nothing and a larger count adds the difference.
 */
export async function seedBulk(options: BulkSeedOptions): Promise<BulkSeedResult> {
  const client = await connectForCopy(options.databaseUrl, "meridian-bulk-seed");
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    const previous = await highestBulkIndex(client);
    const firstIndex = previous + 1;
    const result: BulkSeedResult = {
      previous, firstIndex, lastIndex: previous, patients: 0, observations: 0, seconds: 0, rowsPerSecond: 0,
    };
    if (previous >= options.patients) return result;

    // Timed from here: building the name pools is part of what the seed costs.
    const started = performance.now();
    const ctx = bulkContext(options);
    const batchSize = options.batchSize ?? 10_000;
    options.onProgress?.({ patientsDone: previous, patientsTarget: options.patients, rowsInserted: 0, elapsedSeconds: 0 });
    for (let from = firstIndex; from <= options.patients; from += batchSize) {
      const to = Math.min(options.patients, from + batchSize - 1);
      const inserted = await copyBatch(client, batchText(ctx, from, to));
      result.patients += inserted.patients;
      result.observations += inserted.observations;
      result.lastIndex = to;
      options.onProgress?.({
        patientsDone: to,
        patientsTarget: options.patients,
        rowsInserted: result.patients + result.observations,
        elapsedSeconds: (performance.now() - started) / 1_000,
      });
    }
    // Fresh statistics, or the planner reads a million rows as an empty table (a seq scan per MRN lookup) until
    // autovacuum next runs — and where autovacuum is off, never; the vacuum marks the pages all-visible, so the
    // covering name indexes answer searches without visiting the table.
    await client.query(`VACUUM (ANALYZE) ${LOADED_TABLES.join(", ")}`);
    result.seconds = (performance.now() - started) / 1_000;
    result.rowsPerSecond = (result.patients + result.observations) / result.seconds;
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}
