import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointRow } from "@/lib/audit/checkpoints";
import { auditCli, bypassingTriggers } from "@/lib/audit/testing/tamper";
import { recordAudit } from "@/lib/audit/writer";
import { verifyAuditChain } from "@/lib/audit/verify";
import { enforceRetention } from "@/lib/retention/enforce";
import { contextFor } from "@/lib/testing/auth-context";
import { workerContext } from "@/lib/worker/context";
import { runAuditVerify } from "@/scripts/commands/audit";

// Audit rows past their six years move to audit_log_archive under signed checkpoints; the trail stays verifiable
// from the checkpoints, and a forged checkpoint or a changed row, archived or not, still fails `audit verify`.

const superuser = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? "", max: 4 });
const sql = async <Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await superuser.query<Row>(text, values)).rows;
const SEVEN_YEARS_AGO = new Date(Date.now() - 7 * 365 * 24 * 60 * 60 * 1000);
const OLD_ROWS_PER_WRITER = 7;
const WRITERS = 3;
const BATCH = 3;

/** Old rows written the way the application writes (the chain trigger sets lane and hashes), dated seven years back. */
async function writeOldRows(): Promise<void> {
  const clients = await Promise.all(Array.from({ length: WRITERS }, () => superuser.connect()));
  try {
    // Each connection is its own lane (unless two backends share pid % 16), so several lanes get archived.
    await Promise.all(clients.map(async (client, writer) => {
      for (let n = 0; n < OLD_ROWS_PER_WRITER; n += 1) {
        await client.query(
          `INSERT INTO audit_logs (event_type, action, status, user_id, resource_type, resource_id, timestamp, details)
           VALUES ('data_access', 'patient.viewed', 'success', $1, 'patient', $2, $3, $4)`,
          [`old-${writer}`, String(n), new Date(SEVEN_YEARS_AGO.getTime() + n * 1000), { n }],
        );
      }
    }));
  } finally {
    for (const client of clients) client.release();
  }
}

/** The columns the tests below read (no key id or creation time). */
type Checkpoint = Omit<CheckpointRow, "key_id" | "created_at">;

let oldIds: string[] = [];
let checkpoints: Checkpoint[] = [];

beforeAll(async () => {
  await writeOldRows();
  oldIds = (await sql<{ id: string }>("SELECT id::text AS id FROM audit_logs t ORDER BY t.id")).map((row) => row.id);
  const ctx = contextFor("clinician", "/patients");
  for (let n = 0; n < 5; n += 1) {
    await recordAudit({ action: "patient.viewed", actor: ctx.actor, request: ctx.request, outcome: "success", statusCode: 200, resourceType: "patient", resourceId: `new-${n}` });
  }
});

afterEach(() => {
  process.exitCode = undefined;
});

afterAll(async () => {
  await superuser.end();
});

describe("archiving the audit trail", () => {
  it("moves the rows past six years to the archive under one signed checkpoint per batch and lane", async () => {
    expect(oldIds).toHaveLength(WRITERS * OLD_ROWS_PER_WRITER);
    const lanes = await sql<{ chain_lane: number; n: number }>(
      "SELECT chain_lane, count(*)::int AS n FROM audit_logs WHERE timestamp < now() - interval '6 years' GROUP BY 1 ORDER BY 1",
    );

    const run = await enforceRetention(workerContext("retention.enforce"), { batchSize: BATCH });
    expect(run.deleted.audit_trail).toBe(oldIds.length);
    expect(run.checkpoints).toBe(lanes.reduce((sum, lane) => sum + Math.ceil(lane.n / BATCH), 0));

    expect(await sql("SELECT id FROM audit_logs WHERE timestamp < now() - interval '6 years'")).toEqual([]);
    const archived = await sql<{ id: string }>("SELECT id::text AS id FROM audit_log_archive a ORDER BY a.id");
    expect(archived.map((row) => row.id)).toEqual(oldIds);

    checkpoints = await sql<Checkpoint>(
      `SELECT id::text AS id, chain_lane, first_id::text AS first_id, last_id::text AS last_id, first_prev_hash, last_hash, row_count, signature
       FROM audit_checkpoints c ORDER BY c.chain_lane, c.last_id`,
    );
    expect(checkpoints).toHaveLength(run.checkpoints);
    for (const checkpoint of checkpoints) {
      expect(checkpoint.row_count).toBeLessThanOrEqual(BATCH);
      expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
      const [last] = await sql<{ hash: string }>("SELECT hash FROM audit_log_archive WHERE id = $1", [checkpoint.last_id]);
      expect(checkpoint.last_hash).toBe(last?.hash);
    }
    // Per lane, each checkpoint starts from the previous one's last hash, the first from nothing.
    const firstOfLane = checkpoints.filter((checkpoint, i) => checkpoints[i - 1]?.chain_lane !== checkpoint.chain_lane);
    expect(firstOfLane.every((checkpoint) => checkpoint.first_prev_hash === null)).toBe(true);

    const [row] = await sql<{ details: { deleted: { audit_trail: number }; checkpoints: number } }>(
      "SELECT details FROM audit_logs WHERE action = 'retention.enforced' ORDER BY id DESC LIMIT 1",
    );
    expect(row?.details).toMatchObject({ deleted: { audit_trail: oldIds.length }, checkpoints: run.checkpoints });

    const again = await enforceRetention(workerContext("retention.enforce"), { batchSize: BATCH });
    expect(again).toMatchObject({ deleted: { audit_trail: 0 }, checkpoints: 0 });
  });

  it("leaves a chain that `audit verify` passes, also once new rows continue a fully archived lane", async () => {
    const result = await verifyAuditChain();
    const rows = await sql<{ live: number; archived: number }>("SELECT (SELECT count(*) FROM audit_logs)::int AS live, (SELECT count(*) FROM audit_log_archive)::int AS archived");
    expect(result).toMatchObject({ ok: true, rowsChecked: (rows[0]?.live ?? 0) + (rows[0]?.archived ?? 0), checkpoints: checkpoints.length });

    // The writers' connections archived their lanes whole; the same connections write again and continue from the checkpoint.
    await writeOldRows();
    const continued = await sql<{ prev_hash: string }>(
      `SELECT t.prev_hash FROM audit_logs t WHERE t.user_id LIKE 'old-%'
       AND t.id = (SELECT min(id) FROM audit_logs WHERE chain_lane = t.chain_lane)`,
    );
    const heads = new Set(checkpoints.map((checkpoint) => checkpoint.last_hash));
    expect(continued.some((row) => heads.has(row.prev_hash))).toBe(true);

    expect(await runAuditVerify()).toMatchObject({ exitCode: 0, result: { ok: true } });
    const run = await auditCli("audit", "verify");
    expect(run.out).toMatch(/^audit chain OK: \d+ rows verified$/);
    expect(run.exitCode).toBe(0);
  });

  it("keeps the archive and the checkpoints append-only, and audit rows deletable only through the archive", async () => {
    await expect(sql("UPDATE audit_checkpoints SET row_count = 1")).rejects.toThrow(/audit_checkpoints: only key_id and signature may change/);
    await expect(sql("DELETE FROM audit_checkpoints")).rejects.toThrow(/audit_checkpoints is append-only/);
    await expect(sql("DELETE FROM audit_log_archive")).rejects.toThrow(/audit_log_archive is append-only/);
    await expect(sql("TRUNCATE audit_checkpoints CASCADE")).rejects.toThrow(/append-only/);
    const client = await superuser.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT set_config('meridian.audit_archive', 'on', true)");
      // Declared, but the row has no copy under a checkpoint: still refused.
      await expect(client.query("DELETE FROM audit_logs WHERE id = (SELECT max(id) FROM audit_logs)")).rejects.toThrow(/audit_logs is append-only: DELETE/);
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});

describe("audit verify after archiving", () => {
  it("fails on an altered checkpoint, and passes again once it is restored", async () => {
    const target = checkpoints[1] ?? checkpoints[0];
    await bypassingTriggers(superuser, "UPDATE audit_checkpoints SET row_count = row_count - 1 WHERE id = $1", [target?.id]);
    try {
      const outcome = await runAuditVerify();
      expect(outcome.exitCode).toBe(1);
      expect(outcome.result).toMatchObject({ ok: false, reason: "checkpoint_invalid", checkpointId: target?.id, brokenAtId: target?.first_id });
      const run = await auditCli("audit", "verify");
      expect(run.err).toMatch(new RegExp(`^audit chain BROKEN at row ${target?.first_id} \\(checkpoint ${target?.id}\\): the archive checkpoint`));
      expect(run.exitCode).toBe(1);
    } finally {
      await bypassingTriggers(superuser, "UPDATE audit_checkpoints SET row_count = row_count + 1 WHERE id = $1", [target?.id]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("fails on a signature rewritten without the key, which the table lets change for `keys rotate`", async () => {
    const target = checkpoints[0];
    await sql("UPDATE audit_checkpoints SET signature = repeat('0', 64) WHERE id = $1", [target?.id]);
    expect(await runAuditVerify()).toMatchObject({ exitCode: 1, result: { ok: false, reason: "checkpoint_invalid", checkpointId: target?.id } });
    await sql("UPDATE audit_checkpoints SET signature = $2 WHERE id = $1", [target?.id, target?.signature]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("fails at a remaining row altered after the checkpoint, and at an altered archived row", async () => {
    const [remaining] = await sql<{ id: string }>("SELECT id::text AS id FROM audit_logs WHERE resource_id = 'new-3'");
    await bypassingTriggers(superuser, "UPDATE audit_logs SET status = 'denied' WHERE id = $1", [remaining?.id]);
    expect(await runAuditVerify()).toMatchObject({ exitCode: 1, result: { ok: false, brokenAtId: remaining?.id, reason: "row_altered" } });
    await bypassingTriggers(superuser, "UPDATE audit_logs SET status = 'success' WHERE id = $1", [remaining?.id]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    const archived = oldIds[4] ?? "";
    const [original] = await sql<{ user_id: string }>("SELECT user_id FROM audit_log_archive WHERE id = $1", [archived]);
    await bypassingTriggers(superuser, "UPDATE audit_log_archive SET user_id = 'someone else' WHERE id = $1", [archived]);
    expect(await runAuditVerify()).toMatchObject({ exitCode: 1, result: { ok: false, brokenAtId: archived, reason: "row_altered" } });
    await bypassingTriggers(superuser, "UPDATE audit_log_archive SET user_id = $2 WHERE id = $1", [archived, original?.user_id]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("fails when the first row after a checkpoint is deleted", async () => {
    // A lane archived whole and written again: its first remaining row follows the checkpoint; delete it.
    const [first] = await sql<{ id: string; next_id: string }>(
      `SELECT id::text AS id, (SELECT min(id) FROM audit_logs n WHERE n.chain_lane = t.chain_lane AND n.id > t.id)::text AS next_id
       FROM audit_logs t WHERE t.user_id LIKE 'old-%' AND t.id = (SELECT min(id) FROM audit_logs WHERE chain_lane = t.chain_lane)
       ORDER BY t.id LIMIT 1`,
    );
    await bypassingTriggers(superuser, "DELETE FROM audit_logs WHERE id = $1", [first?.id]);
    expect(await runAuditVerify()).toMatchObject({ exitCode: 1, result: { ok: false, brokenAtId: first?.next_id, reason: "link_broken" } });
  });
});

describe("a checkpoint forged to cover a deletion", () => {
  it("lets the trigger through, but not `audit verify`: it has no valid signature", async () => {
    const [victim] = await sql<{ id: string; chain_lane: number; prev_hash: string; hash: string }>(
      "SELECT id::text AS id, chain_lane, prev_hash, hash FROM audit_logs WHERE action = 'patient.viewed' AND resource_id = 'new-2'",
    );
    const client = await superuser.connect();
    let forged: string | undefined;
    try {
      // Someone with database access but no ENCRYPTION_KEYS follows the sanctioned path by hand.
      await client.query("BEGIN");
      await client.query("SELECT set_config('meridian.audit_archive', 'on', true)");
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO audit_checkpoints (chain_lane, first_id, last_id, first_prev_hash, last_hash, row_count, key_id, signature, created_at)
         VALUES ($1, $2, $2, $3, $4, 1, 'default', repeat('0', 64), now()) RETURNING id::text AS id`,
        [victim?.chain_lane, victim?.id, victim?.prev_hash, victim?.hash],
      );
      forged = rows[0]?.id;
      await client.query(
        `INSERT INTO audit_log_archive (id, event_type, event_category, action, user_id, username, user_role, resource_type, resource_id, patient_id,
           patient_mrn, ip_address, user_agent, request_method, request_path, status, status_code, duration_ms, details, timestamp, data_category,
           hash, prev_hash, request_id, chain_lane, correlation_id, tx_id, checkpoint_id)
         SELECT id, event_type, event_category, action, user_id, username, user_role, resource_type, resource_id, patient_id, patient_mrn, ip_address,
           user_agent, request_method, request_path, status, status_code, duration_ms, details, timestamp, data_category, hash, prev_hash, request_id,
           chain_lane, correlation_id, tx_id, $2 FROM audit_logs WHERE id = $1`,
        [victim?.id, forged],
      );
      await client.query("DELETE FROM audit_logs WHERE id = $1", [victim?.id]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await sql("SELECT id FROM audit_logs WHERE id = $1", [victim?.id])).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ ok: false, reason: "checkpoint_invalid", checkpointId: forged });
    const run = await auditCli("audit", "verify");
    expect(run.exitCode).toBe(1);
  });
});
