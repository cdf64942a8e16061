import pg from "pg";
import { generateApiKey } from "@/lib/auth/api-keys";
import type { Role } from "@/lib/auth/roles";

// Direct SQL for the browser tests: they read what the server wrote (audit rows) and prepare what no page
// creates for them. The server itself is only ever reached over HTTP.

let pool: pg.Pool | undefined;

export function database(): pg.Pool {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("DATABASE_URL is not set: run the browser tests through `npm run test:e2e`");
  pool ??= new pg.Pool({ connectionString, max: 4 });
  return pool;
}

export async function closeDatabase(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

export async function insertApiKey(role: Role, name: string): Promise<string> {
  const { key, prefix, secretHash } = generateApiKey();
  await database().query("INSERT INTO api_keys (name, role, prefix, secret_hash) VALUES ($1, $2, $3, $4)", [name, role, prefix, secretHash]);
  return key;
}

export interface AuditRow {
  action: string;
  status: string;
  status_code: number | null;
  user_id: string | null;
  patient_id: string | null;
}

/** Rows of one request: by the server's request id (the x-request-id response header) or the id the test sent. */
export async function auditRowsOf(requestId: string): Promise<AuditRow[]> {
  const { rows } = await database().query<AuditRow>(
    "SELECT action, status, status_code, user_id, patient_id FROM audit_logs WHERE request_id = $1 OR correlation_id = $1 ORDER BY id",
    [requestId],
  );
  return rows;
}

/** SQL giving one real id for each dynamic segment a route or page may have. */
const SAMPLE_QUERIES: Record<string, string> = {
  patientId: "SELECT id::text AS id FROM patients WHERE NOT restricted ORDER BY mrn LIMIT 1",
  auditId: "SELECT id::text AS id FROM audit_logs ORDER BY id LIMIT 1",
  userId: "SELECT id::text AS id FROM users ORDER BY email LIMIT 1",
  apiKeyId: "SELECT id::text AS id FROM api_keys ORDER BY created_at LIMIT 1",
  sessionId: "SELECT id::text AS id FROM user_sessions ORDER BY created_at LIMIT 1",
  allergyId: "SELECT id::text AS id FROM allergies ORDER BY id LIMIT 1",
  medicationId: "SELECT id::text AS id FROM medications ORDER BY id LIMIT 1",
  observationId: "SELECT id::text AS id FROM observations ORDER BY id LIMIT 1",
  connectionId: "SELECT id::text AS id FROM emr_connections ORDER BY is_active, id LIMIT 1",
  messageId: "SELECT id::text AS id FROM hl7_messages ORDER BY id LIMIT 1",
  // The seed raises no alert: when no journey has raised one yet, one is added, so the alert routes read a real one.
  alertId: `WITH existing AS (SELECT id FROM alerts ORDER BY first_seen_at LIMIT 1),
    added AS (
      INSERT INTO alerts (rule_key, severity, subject_key, open_key, title, summary, first_seen_at, last_seen_at)
      SELECT 'signin.lockout', 'medium', 'user:e2e-sample', 'user:e2e-sample', 'Account locked out', 'Sample alert for the access tests', now(), now()
      WHERE NOT EXISTS (SELECT 1 FROM existing)
      ON CONFLICT DO NOTHING RETURNING id
    )
    SELECT id::text AS id FROM existing UNION ALL SELECT id::text FROM added`,
  ruleKey: "SELECT 'signin.lockout' AS id",
};

/** Routes that need a query to answer at all, e.g. the patient an accounting of disclosures is for. */
const REQUIRED_QUERIES: Record<string, string> = {
  "/api/v1/compliance/disclosures": "SELECT 'mrn=' || mrn AS id FROM patients ORDER BY mrn LIMIT 1",
};

/** The pattern with every [param] replaced by a real id (and any query it needs); throws for a parameter nobody taught it. */
export async function concretePath(pattern: string): Promise<string> {
  let concrete = pattern;
  for (const match of pattern.matchAll(/\[([^\]]+)\]/g)) {
    const [segment, name] = match;
    const sql = name ? SAMPLE_QUERIES[name] : undefined;
    if (!sql) throw new Error(`No sample value for route parameter ${segment} in ${pattern}: add it to SAMPLE_QUERIES in e2e/access/database.ts`);
    const { rows } = await database().query<{ id: string }>(sql);
    concrete = concrete.replace(segment, rows[0]?.id ?? "00000000-0000-4000-8000-000000000000");
  }
  const query = REQUIRED_QUERIES[pattern];
  if (query) {
    const { rows } = await database().query<{ id: string }>(query);
    if (rows[0]) concrete = `${concrete}?${rows[0].id}`;
  }
  return concrete;
}
