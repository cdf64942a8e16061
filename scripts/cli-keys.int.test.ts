import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dbPool } from "@/lib/db/client";
import { Keyring } from "@/lib/secrets/keyring";
import { rotateKeys } from "@/lib/secrets/rotation";
import { contextFor } from "@/lib/testing/auth-context";
import { cli, expectRefusal, lastAudit, type Run } from "@/scripts/testing/cli-process";

// Key rotation as an operator runs it: values written under the old key, a new key added to ENCRYPTION_KEYS, then
// `keys rotate` — stopped half-way and run again — until `keys status` finds nothing left under the old key.

const oldKey = { id: "default", key: Buffer.from(process.env.ENCRYPTION_KEY ?? "", "base64") };
const newKey = { id: "2026-12", key: randomBytes(32) };
// Read by env() on first use in this file: the old key (ENCRYPTION_KEY) still opens, the new one encrypts.
process.env.ENCRYPTION_KEYS = `${newKey.id}:${newKey.key.toString("base64")}`;
const before = new Keyring([oldKey]);
const both = new Keyring([oldKey, newKey]);

const PATIENTS = 23;
/** Enough batches of 3 that the rotation is still running when the test signals it. */
const STOPPED_PATIENTS = 3000;
// Each CLI run is its own process (tsx compiles the CLI on start): several of them need more than the default 30 s.
const CLI_TEST_TIMEOUT_MS = 300_000;

async function insertPatientsUnderOldKey(prefix: string, count: number): Promise<Map<string, string>> {
  const plain = new Map<string, string>();
  for (let index = 0; index < count; index += 1) {
    const ssn = String(100_000_000 + index * 7919);
    const sealed = before.seal(ssn);
    const { rows } = await dbPool().query<{ id: string }>(
      `INSERT INTO patients (mrn, first_name, last_name, birth_date, ssn_encrypted, ssn_key_id, ssn_last4, updated_at)
       VALUES ($1, 'Key', 'Rotation', '1970-01-01', $2, $3, $4, now()) RETURNING id`,
      [`${prefix}${index}`, sealed.ciphertext, sealed.keyId, ssn.slice(-4)],
    );
    plain.set(rows[0]?.id ?? "", ssn);
  }
  return plain;
}

async function seedUnderOldKey(): Promise<Map<string, string>> {
  const plain = await insertPatientsUnderOldKey("ROT", PATIENTS);
  const credentials = before.seal(JSON.stringify({ clientSecret: "rotation-client-secret" }));
  await dbPool().query(
    `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint, credentials_encrypted, credentials_key_id, updated_at)
     VALUES ('rotation-epic', 'Rotation Epic', 'epic', '{"kind":"fhir_rest"}', $1, $2, now())`,
    [credentials.ciphertext, credentials.keyId],
  );
  return plain;
}

async function storedSsns(): Promise<{ id: string; sealed: string; keyId: string | null }[]> {
  const { rows } = await dbPool().query<{ id: string; sealed: string; key_id: string | null }>(
    "SELECT id::text, ssn_encrypted AS sealed, ssn_key_id AS key_id FROM patients WHERE mrn LIKE 'ROT%' ORDER BY id",
  );
  return rows.map((row) => ({ id: row.id, sealed: row.sealed, keyId: row.key_id }));
}

/** Whether the rotation's UPDATE is waiting for the row lock the editing transaction holds. */
async function rotationWaitsForRowLock(): Promise<boolean> {
  const { rows } = await dbPool().query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE "patients"%'`,
  );
  return (rows[0]?.waiting ?? 0) > 0;
}

/** Ciphertexts per key id among the patients whose MRN is like `mrnPattern`. */
async function keyCounts(mrnPattern: string): Promise<Map<string, number>> {
  const { rows } = await dbPool().query<{ key_id: string; count: number }>(
    "SELECT ssn_key_id AS key_id, count(*)::int AS count FROM patients WHERE mrn LIKE $1 GROUP BY 1",
    [mrnPattern],
  );
  return new Map(rows.map((row) => [row.key_id, row.count]));
}

/** Polls `condition`; a CLI process may take many seconds to start on a busy machine. */
async function until(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition never met");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The CLI as a process the test can signal (cli() only awaits it). */
function spawnCli(args: string[]): { process: ChildProcess; done: Promise<Run> } {
  const root = path.resolve(import.meta.dirname, "..");
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", path.join(root, "scripts/cli.ts"), ...args], { cwd: root, env: cliEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { process: child, done: new Promise((resolve, reject) => child.on("error", reject).on("close", (status) => resolve({ status, stdout, stderr }))) };
}

const cliEnv = { ...process.env, ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS };

describe("keys rotate", () => {
  it("moves every SSN and connection secret to the newest key, resuming after an interruption", async () => {
    const plain = await seedUnderOldKey();
    const status = await cli(["keys", "status"], { env: cliEnv });
    expect(status.status, status.stderr).toBe(2);
    expect(status.stdout).toContain(`SSNs: default: ${PATIENTS}`);
    expect(status.stdout).toContain("connection secrets: default: 1");

    const dryRun = await cli(["keys", "rotate", "--dry-run"], { env: cliEnv });
    expect(dryRun.status, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain(`SSNs: default: ${PATIENTS}`);
    expect(dryRun.stdout).toContain(`${PATIENTS + 1} value(s) would be re-encrypted with key ${newKey.id}`);
    expect((await storedSsns()).every((row) => row.keyId === oldKey.id)).toBe(true);

    // Stopped after its first batch: what was done stays done.
    const abort = new AbortController();
    const first = await rotateKeys(contextFor("admin"), {
      batchSize: 5,
      signal: abort.signal,
      onProgress: (progress) => {
        if (progress.done > 0) abort.abort();
      },
    });
    expect(first.completed).toBe(false);
    expect(first.rotated.SSNs).toBe(5);
    expect((await storedSsns()).filter((row) => row.keyId === newKey.id)).toHaveLength(5);
    expect((await lastAudit("encryption.keys_rotated"))?.status).toBe("failure");

    // Someone edits a patient that is still under the old key while the rotation is paused.
    const [edited] = (await storedSsns()).filter((row) => row.keyId === oldKey.id);
    await dbPool().query("UPDATE patients SET ssn_encrypted = $2 WHERE id = $1::uuid", [edited?.id, before.seal("999001234").ciphertext]);
    plain.set(edited?.id ?? "", "999001234");

    const rest = await cli(["keys", "rotate", "--batch-size", "4"], { env: cliEnv });
    expect(rest.status, rest.stderr).toBe(0);
    expect(rest.stdout).toMatch(new RegExp(`Re-encrypted with key ${newKey.id}: ${PATIENTS - 5} SSNs, 1 connection secrets\\.`));

    const rows = await storedSsns();
    expect(rows.every((row) => row.keyId === newKey.id && Keyring.keyIdOf(row.sealed) === newKey.id)).toBe(true);
    for (const row of rows) expect(both.open(row.sealed)).toBe(plain.get(row.id));
    expect(() => before.open(rows[0]?.sealed ?? "")).toThrow();
    const { rows: connection } = await dbPool().query<{ sealed: string; key_id: string }>(
      "SELECT credentials_encrypted AS sealed, credentials_key_id AS key_id FROM emr_connections WHERE connection_id = 'rotation-epic'",
    );
    expect(connection[0]?.key_id).toBe(newKey.id);
    expect(JSON.parse(both.open(connection[0]?.sealed ?? ""))).toEqual({ clientSecret: "rotation-client-secret" });

    const audit = await lastAudit("encryption.keys_rotated");
    expect(audit).toMatchObject({ status: "success", resourceId: newKey.id });
    expect(JSON.stringify(audit?.details)).not.toContain("rotation-client-secret");

    const after = await cli(["keys", "status"], { env: cliEnv });
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(`SSNs: ${newKey.id}: ${PATIENTS}`);
    expect((await cli(["keys", "rotate"], { env: cliEnv })).stdout).toContain("nothing to do");
  }, CLI_TEST_TIMEOUT_MS);

  it("never overwrites an edit committed between a batch's read and its rewrite", async () => {
    const plain = await insertPatientsUnderOldKey("RACE", 3);
    const [raced] = [...plain.keys()];
    // The app saves a new SSN for one of them; its transaction holds the row until the rotation has read the old value.
    const editor = await dbPool().connect();
    try {
      await editor.query("BEGIN");
      const edit = both.seal("555001234");
      await editor.query("UPDATE patients SET ssn_encrypted = $2, ssn_key_id = $3 WHERE id = $1::uuid", [raced, edit.ciphertext, edit.keyId]);
      const rotation = rotateKeys(contextFor("admin"));
      await until(rotationWaitsForRowLock);
      await editor.query("COMMIT");
      const result = await rotation;
      expect(result).toMatchObject({ completed: true, skipped: 1, rotated: { SSNs: 2 } });
    } finally {
      editor.release();
    }
    const { rows } = await dbPool().query<{ id: string; sealed: string; key_id: string }>(
      "SELECT id::text, ssn_encrypted AS sealed, ssn_key_id AS key_id FROM patients WHERE mrn LIKE 'RACE%'",
    );
    for (const row of rows) {
      expect(row.key_id).toBe(newKey.id);
      expect(both.open(row.sealed)).toBe(row.id === raced ? "555001234" : plain.get(row.id));
    }
    expect((await lastAudit("encryption.keys_rotated"))?.details).toMatchObject({ rotated: { SSNs: 2 }, skipped: 1, completed: true });
  });

  it("stops cleanly when the process is told to stop (SIGTERM) and finishes on the next run", async () => {
    const ssn = "123450042";
    await dbPool().query(
      `INSERT INTO patients (mrn, first_name, last_name, birth_date, ssn_encrypted, ssn_key_id, ssn_last4, updated_at)
       SELECT 'STOP' || n, 'Stop', 'Signal', '1970-01-01', $1, $2, '0042', now() FROM generate_series(1, $3::int) AS n`,
      [before.seal(ssn).ciphertext, oldKey.id, STOPPED_PATIENTS],
    );
    const child = spawnCli(["keys", "rotate", "--batch-size", "3"]);
    await until(async () => (await keyCounts("STOP%")).get(newKey.id) !== undefined);
    child.process.kill("SIGTERM");
    const stopped = await child.done;
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr.trim()).toMatch(/^Stopped: \d+ SSNs re-encrypted so far; run `keys rotate` again to continue\.$/);
    const halfway = await keyCounts("STOP%");
    expect(halfway.get(newKey.id)).toBeGreaterThan(0);
    expect(halfway.get(oldKey.id)).toBeGreaterThan(0);
    expect(await lastAudit("encryption.keys_rotated")).toMatchObject({ status: "failure", details: { completed: false } });

    const rest = await cli(["keys", "rotate"], { env: cliEnv });
    expect(rest.status, rest.stderr).toBe(0);
    expect(rest.stdout).toContain(`: ${halfway.get(oldKey.id)} SSNs.`);
    expect(await keyCounts("STOP%")).toEqual(new Map([[newKey.id, STOPPED_PATIENTS]]));
    const { rows } = await dbPool().query<{ sealed: string }>("SELECT ssn_encrypted AS sealed FROM patients WHERE mrn LIKE 'STOP%' LIMIT 5");
    for (const row of rows) expect(both.open(row.sealed)).toBe(ssn);
  }, CLI_TEST_TIMEOUT_MS);

  it("fails with one line and a non-zero status when a stored value's key is not configured", async () => {
    await dbPool().query(
      `INSERT INTO patients (mrn, first_name, last_name, birth_date, ssn_encrypted, ssn_key_id, ssn_last4, updated_at)
       VALUES ('ROTLOST', 'Lost', 'Key', '1970-01-01', $1, 'retired', '0001', now())`,
      [new Keyring([{ id: "retired", key: randomBytes(32) }]).seal("123450001").ciphertext],
    );
    expectRefusal(await cli(["keys", "rotate"], { env: cliEnv }), /^meridian: Cannot re-encrypt patients\.ssn_encrypted of row [0-9a-f-]{36}: .*key "retired".*not in ENCRYPTION_KEYS/);
    expect(await lastAudit("encryption.keys_rotated")).toMatchObject({ status: "failure" });
    expectRefusal(await cli(["keys", "rotate"], { env: { ...cliEnv, ENCRYPTION_KEYS: "short:c2hvcnQ=" } }), /ENCRYPTION_KEYS.*32 bytes/);
  }, CLI_TEST_TIMEOUT_MS);
});
