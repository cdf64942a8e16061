import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ANONYMOUS, requestInfoFrom } from "@/lib/audit/context";
import { verifyAuditChain } from "@/lib/audit/verify";
import { recordAudit, writeAudit } from "@/lib/audit/writer";
import { inTransaction } from "@/lib/db/transaction";

const url = process.env.DATABASE_URL ?? "";
const superuser = new pg.Pool({ connectionString: url, max: 2 });

afterAll(async () => {
  await superuser.end();
});

function entry(n: number) {
  return {
    action: "patient.viewed" as const,
    actor: { kind: "user" as const, id: `user-${n % 3}`, name: `user${n % 3}@example.test`, role: "clinician" },
    request: requestInfoFrom(new Headers({ "user-agent": "vitest", "x-forwarded-for": "10.0.0.1" }), "GET", `/patients/${n}`),
    outcome: "success" as const,
    statusCode: 200,
    resourceType: "patient",
    resourceId: String(n),
    details: { n },
  };
}

describe("audit hash chain", () => {
  it("chains rows written concurrently, in id order within each lane", async () => {
    // Written as writes write them, each in its own transaction, so they run on many connections at once.
    await Promise.all(Array.from({ length: 40 }, (_, n) => inTransaction((tx) => writeAudit(tx, entry(n)))));
    await recordAudit({ ...entry(99), action: "access.denied", actor: ANONYMOUS, outcome: "denied", statusCode: 401 });
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true, rowsChecked: 41 });
    const { rows } = await superuser.query<{ chain_lane: number; prev_hash: string | null; hash: string }>(
      "SELECT chain_lane, prev_hash, hash FROM audit_logs ORDER BY chain_lane, id",
    );
    // Concurrent writers use several connections, hence several lanes.
    expect(new Set(rows.map((row) => row.chain_lane)).size).toBeGreaterThan(1);
    rows.forEach((row, i) => {
      const previous = rows[i - 1];
      expect(row.prev_hash).toBe(previous?.chain_lane === row.chain_lane ? previous.hash : null);
    });
    expect(new Set(rows.map((row) => row.hash)).size).toBe(rows.length);
  });

  it("is append-only: UPDATE, DELETE and TRUNCATE are refused", async () => {
    await expect(superuser.query("UPDATE audit_logs SET username = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(superuser.query("DELETE FROM audit_logs")).rejects.toThrow(/append-only/);
    await expect(superuser.query("TRUNCATE audit_logs")).rejects.toThrow(/append-only/);
  });

  it("finds the first altered row when a superuser steps around the triggers", async () => {
    // The newest row, so the deletion test below finds its broken link before this one.
    const { rows } = await superuser.query<{ id: string }>("SELECT id FROM audit_logs ORDER BY id DESC LIMIT 1");
    const target = rows[0]?.id;
    const client = await superuser.connect();
    try {
      await client.query("SET session_replication_role = replica");
      await client.query("UPDATE audit_logs SET patient_mrn = 'MRN-EDITED' WHERE id = $1", [target]);
    } finally {
      await client.query("SET session_replication_role = DEFAULT");
      client.release();
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAtId: target, reason: "row_altered" });
  });

  it("finds a deleted row by the broken link after it", async () => {
    const client = await superuser.connect();
    // Two consecutive rows of one lane: the first is deleted, the link of the second breaks. The second is not the
    // row altered above (its own broken hash would be reported first); 40 rows in 16 lanes always leave such a pair.
    const { rows: pairs } = await client.query<{ id: string; next_id: string }>(
      `SELECT id, next_id FROM (SELECT id, lead(id) OVER (PARTITION BY chain_lane ORDER BY id) AS next_id FROM audit_logs) lane
       WHERE next_id IS NOT NULL AND next_id < (SELECT max(id) FROM audit_logs) ORDER BY next_id LIMIT 1`,
    );
    const rows = [{ id: pairs[0]?.id }, { id: pairs[0]?.next_id }];
    try {
      await client.query("SET session_replication_role = replica");
      await client.query("DELETE FROM audit_logs WHERE id = $1", [rows[0]?.id]);
    } finally {
      await client.query("SET session_replication_role = DEFAULT");
      client.release();
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAtId: rows[1]?.id, reason: "link_broken" });
  });
});
