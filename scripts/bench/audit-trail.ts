import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Grows the benchmark database's audit trail to a number of rows (resumable: it continues after the highest id),
// with the people and patients it names. How the rows are made: scripts/bench/audit-trail.sql. For speed, the
// trail's secondary indexes are dropped while rows go in and built again afterwards from their own definitions
// (kept in bench_audit_saved_indexes until rebuilt, so an interrupted run rebuilds them next time).

const STAFF = 2_000;
const API_KEYS = 20;
const PATIENTS = 200_000;
const CHUNK = 250_000;
const SQL_FILE = path.join(import.meta.dirname, "audit-trail.sql");

const USER_ID = "md5('bench-user-' || g.u)::uuid::text";
const USER_NAME = "pg_temp.bench_user_name(g.u)";
const PATIENT_ID = "md5('bench-patient-' || g.p)::uuid";

/** Each audit_logs column from a generated row g (pg_temp.bench_generated); columns not named here are NULL. */
const COLUMN_VALUES: Record<string, string> = {
  id: "g.n",
  chain_lane: "(g.n % 16)::smallint",
  timestamp: "timestamptz '2025-01-01 00:00:00+00' + g.n * interval '3153 milliseconds'",
  event_type: "g.event_type",
  event_category: "g.event_category",
  action: "g.action",
  user_id: `CASE g.who WHEN 'user' THEN ${USER_ID} WHEN 'key' THEN md5('bench-key-' || g.k)::uuid::text END`,
  username: `CASE g.who WHEN 'user' THEN ${USER_NAME} WHEN 'key' THEN 'EMR interface ' || g.k END`,
  user_role: "CASE g.who WHEN 'user' THEN (CASE WHEN g.u % 50 = 0 THEN 'compliance' WHEN g.u % 50 = 1 THEN 'admin' ELSE 'clinician' END) WHEN 'key' THEN 'integration' END",
  resource_type: "g.resource_type",
  resource_id: `CASE WHEN g.resource_type = 'patient' AND g.has_patient THEN ${PATIENT_ID}::text
    WHEN g.resource_type IN ('medication', 'allergy', 'hl7_message') THEN md5('resource-' || g.n)::uuid::text
    WHEN g.resource_type = 'user' AND g.who = 'user' THEN ${USER_ID}
    WHEN g.resource_type = 'session' THEN md5('session-' || g.n)::uuid::text END`,
  patient_id: `CASE WHEN g.has_patient THEN ${PATIENT_ID} END`,
  patient_mrn: "CASE WHEN g.has_patient THEN pg_temp.bench_mrn(g.p) END",
  data_category: "g.data_category",
  ip_address: "'10.' || (g.u % 200) || '.' || (g.u / 200) || '.' || (1 + g.n % 250)",
  user_agent: `CASE WHEN g.who = 'key' THEN 'mllp' ELSE (ARRAY[
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'meridian-cli'])[1 + g.u % 4] END`,
  request_method: "g.method",
  request_path: `g.path || CASE WHEN g.path = '/patients/' AND g.has_patient THEN ${PATIENT_ID}::text ELSE '' END`,
  request_id: "md5('request-' || (g.n / 3))::uuid::text",
  status: "g.status",
  status_code: "g.status_code",
  duration_ms: "g.duration",
  details: `CASE g.action
    WHEN 'patient.searched' THEN jsonb_build_object('criteria', jsonb_build_object('name', pg_temp.bench_last_name(g.p)), 'matches', g.p % 40, 'page', 1)
    WHEN 'patient.emergency_access' THEN jsonb_build_object('reason', 'Unresponsive patient in the emergency department', 'minutes', 60)
    WHEN 'access.denied' THEN jsonb_build_object('permission', 'patients:read')
    WHEN 'auth.login_failed' THEN jsonb_build_object('reason', 'bad_password')
    WHEN 'patient.updated' THEN jsonb_build_object('fields', jsonb_build_array('phone', 'address')) END`,
  hash: "''",
};

/** The generator as a query yielding audit_logs records: every column, in the table's own order. */
async function generatorQuery(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ name: string; type: string }>(`
    SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
    WHERE attrelid = 'audit_logs'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`);
  const columns = rows.map(({ name, type }) => `(${COLUMN_VALUES[name] ?? "NULL"})::${type}`);
  return `SELECT ${columns.join(",\n  ")}
    FROM pg_temp.bench_generated($1, $2, ${STAFF}, ${API_KEYS}, ${PATIENTS}) g ORDER BY g.n`;
}

export interface AuditTrailGrowth {
  /** Rows before this run, and after it. */
  previous: number;
  rows: number;
  generateSeconds: number;
  indexSeconds: number;
}

async function highestId(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM audit_logs");
  return Number(rows[0]?.id ?? 0);
}

async function dropSecondaryIndexes(client: pg.Client): Promise<void> {
  await client.query("CREATE TABLE IF NOT EXISTS bench_audit_saved_indexes (name text PRIMARY KEY, definition text NOT NULL)");
  // The primary key and the chain's (lane, id) index stay: the generator reads each lane's head through it.
  await client.query(`
    INSERT INTO bench_audit_saved_indexes (name, definition)
    SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = 'audit_logs' AND indexname NOT IN ('audit_logs_pkey', 'audit_logs_chain_lane_id_idx')
    ON CONFLICT DO NOTHING`);
  const { rows } = await client.query<{ name: string }>("SELECT name FROM bench_audit_saved_indexes");
  for (const { name } of rows) await client.query(`DROP INDEX IF EXISTS "${name}"`);
}

async function rebuildIndexes(client: pg.Client, log: (line: string) => void): Promise<void> {
  const exists = await client.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_audit_saved_indexes'");
  if (exists.rowCount === 0) return;
  const { rows } = await client.query<{ name: string; definition: string }>("SELECT name, definition FROM bench_audit_saved_indexes ORDER BY name");
  for (const { name, definition } of rows) {
    const started = performance.now();
    await client.query(definition.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS "));
    log(`  index ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await client.query("DROP TABLE bench_audit_saved_indexes");
}

/** Grows audit_logs to `target` rows (no-op when it has them), then rebuilds the indexes and statistics. */
export async function growAuditTrail(databaseUrl: string, target: number, log: (line: string) => void): Promise<AuditTrailGrowth> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "meridian-bench-audit-trail" });
  await client.connect();
  try {
    await client.query("SET statement_timeout = 0");
    await client.query("SET maintenance_work_mem = '1GB'");
    await client.query(await readFile(SQL_FILE, "utf8"));
    const previous = await highestId(client);
    let generateSeconds = 0;
    if (previous < target) {
      log(`audit trail: ${previous.toLocaleString("en-US")} rows, generating up to ${target.toLocaleString("en-US")}`);
      await client.query("SELECT pg_temp.bench_people($1, $2, $3)", [STAFF, API_KEYS, PATIENTS]);
      await dropSecondaryIndexes(client);
      const query = await generatorQuery(client);
      // This session only: the chain trigger is replaced by the generator's own chaining (see the SQL file).
      await client.query("SET session_replication_role = replica");
      const started = performance.now();
      for (let first = previous + 1; first <= target; first += CHUNK) {
        const last = Math.min(target, first + CHUNK - 1);
        await client.query("SELECT pg_temp.bench_chain($1, $2, $3)", [query, first, last]);
        generateSeconds = (performance.now() - started) / 1000;
        log(`  ${last.toLocaleString("en-US")} rows, ${generateSeconds.toFixed(0)} s (${Math.round((last - previous) / generateSeconds).toLocaleString("en-US")} rows/s)`);
      }
      await client.query("RESET session_replication_role");
      await client.query("SELECT setval(pg_get_serial_sequence('audit_logs', 'id'), (SELECT max(id) FROM audit_logs))");
    }
    const indexStarted = performance.now();
    await rebuildIndexes(client, log);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    if (previous < target) await client.query("VACUUM (ANALYZE) audit_logs, users, api_keys, patients");
    return { previous, rows: await highestId(client), generateSeconds, indexSeconds };
  } finally {
    await client.end();
  }
}
