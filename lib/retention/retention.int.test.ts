import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CompliancePeriod } from "@/lib/compliance/criteria";
import { complianceReport } from "@/lib/compliance/report";
import { db } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { findReprocessable } from "@/lib/hl7/ingest/reprocess";
import { getHl7Message } from "@/lib/hl7/store/detail";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { userContextFor } from "@/lib/patients/testing/factories";
import { enforceRetention } from "@/lib/retention/enforce";
import { MIN_AUDIT_RETENTION_DAYS, RETENTION_CLASS_KEYS, retentionPolicy } from "@/lib/retention/policy";
import { contextFor } from "@/lib/testing/auth-context";
import { fileQuery } from "@/lib/testing/sql";
import { workerContext } from "@/lib/worker/context";

// The retention job against a real database: what each class keeps and loses, in batches, once. The audit archive
// and its checkpoints have their own file (lib/audit/archive.int.test.ts), the CLI commands theirs
// (scripts/cli-retention.int.test.ts).

isolateCache();
const query = fileQuery();
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const enforce = (options: Parameters<typeof enforceRetention>[1] = {}) => enforceRetention(workerContext("retention.enforce"), options);

const source = { transport: "mllp" as const, ctx: mllpContext({ address: "10.9.8.7", port: 40000 }, 2575) };
const msh = (controlId: string, type: string) => `MSH|^~\\&|LAB|GENHOSP|MERIDIAN|HUB|20261201083000-0500||${type}|${controlId}|P|2.5.1`;

async function ingest(controlId: string, mrn: string): Promise<string> {
  const result = await ingestHl7(
    Buffer.from([msh(controlId, "ADT^A01^ADT_A01"), "EVN|A01|20261201083000", `PID|1||${mrn}^^^GENHOSP^MR||Doe^Jane||19800101|F`, "AL1|1|DA|1191^Aspirin^RXNORM|SV|Hives"].join("\r")),
    source,
  );
  const id = result.outcomes[0]?.messageId;
  if (!id) throw new Error("not stored");
  return id;
}

/** Moves a message and the ACK stored for it back in time. */
async function age(messageId: string, days: number): Promise<void> {
  await query("UPDATE hl7_messages SET created_at = $2 WHERE id = $1 OR in_reply_to_id = $1", [messageId, daysAgo(days)]);
}

describe("the policy", () => {
  it("states each class's default and refuses to keep the audit trail less than six years", () => {
    const policy = retentionPolicy({});
    expect(Object.fromEntries(policy.map((rule) => [rule.key, rule.days]))).toEqual({
      audit_trail: 2192, hl7_raw: 90, resolved_alerts: 1096, ended_sessions: 30,
      connection_statistics: 90, system_samples: 365, worker_heartbeats: 1, user_chart_days: 90,
    });
    expect(retentionPolicy({ RETENTION_HL7_RAW_DAYS: 30 }).find((rule) => rule.key === "hl7_raw")?.days).toBe(30);
    expect(() => retentionPolicy({ RETENTION_AUDIT_DAYS: MIN_AUDIT_RETENTION_DAYS - 1 })).toThrow(/RETENTION_AUDIT_DAYS must be at least 2192/);

    const base = { DATABASE_URL: "postgresql://localhost/meridian", ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };
    expect(() => parseEnv({ ...base, RETENTION_AUDIT_DAYS: "2191" })).toThrow(/RETENTION_AUDIT_DAYS: the audit trail is kept at least 6 years \(2192 days\)/);
    expect(retentionPolicy(parseEnv({ ...base, RETENTION_AUDIT_DAYS: "3000", RETENTION_SESSION_DAYS: "7" })).map((rule) => rule.days)).toEqual([3000, 90, 1096, 7, 90, 365, 1, 90]);
  });
});

describe("raw HL7 text", () => {
  it("is purged after 90 days; the message row, its metadata and the records it produced stay", async () => {
    const oldId = await ingest("RET-OLD", "R-100");
    const recentId = await ingest("RET-NEW", "R-101");
    await age(oldId, 91);
    await age(recentId, 89);
    const changesBefore = await query("SELECT resource_type, resource_id, change FROM hl7_message_changes WHERE message_id = $1 ORDER BY resource_type", [oldId]);
    expect(changesBefore.length).toBeGreaterThan(0);
    await query("UPDATE hl7_messages SET status = 'error' WHERE id = $1", [oldId]);

    const run = await enforce();
    expect(run.deleted.hl7_raw).toBeGreaterThanOrEqual(1);

    const [old] = await query<{ raw_message: string | null; parsed_data: unknown; raw_purged_at: Date | null; message_type: string; message_control_id: string; ack_code: string; patient_id: string | null }>(
      "SELECT raw_message, parsed_data, raw_purged_at, message_type, message_control_id, ack_code, patient_id FROM hl7_messages WHERE id = $1",
      [oldId],
    );
    expect(old).toMatchObject({ raw_message: null, parsed_data: null, message_type: "ADT", message_control_id: "RET-OLD", ack_code: "AA" });
    expect(old?.raw_purged_at).toBeInstanceOf(Date);
    expect(await query("SELECT resource_type, resource_id, change FROM hl7_message_changes WHERE message_id = $1 ORDER BY resource_type", [oldId])).toEqual(changesBefore);
    expect(await query("SELECT mrn FROM patients WHERE id = $1", [old?.patient_id])).toEqual([{ mrn: "R-100" }]);
    expect(await query("SELECT allergen FROM allergies WHERE patient_id = $1", [old?.patient_id])).toEqual([{ allergen: "Aspirin" }]);
    const [recent] = await query<{ raw_message: string | null; raw_purged_at: Date | null }>("SELECT raw_message, raw_purged_at FROM hl7_messages WHERE id = $1", [recentId]);
    expect(recent?.raw_message).toContain("PID|1||R-101");
    expect(recent?.raw_purged_at).toBeNull();

    // The detail view says the text is gone and still lists what the message produced; it cannot be reprocessed.
    const ctx = contextFor("admin");
    const detail = await getHl7Message(ctx, oldId);
    expect(detail).toMatchObject({ rawMessage: null, rawPurgedAt: old?.raw_purged_at, controlId: "RET-OLD" });
    expect(detail.changes.length).toBe(changesBefore.length);
    expect(detail.ack?.text).toContain("MSA|AA|RET-OLD");
    expect(await findReprocessable(ctx, { limit: 100 })).not.toContain(oldId);
  });
});

describe("sessions, alerts and statistics", () => {
  it("go after their periods; what is still within them stays", async () => {
    const user = await userContextFor("clinician");
    const session = (values: { endedAt?: Date; expiresAt: Date }) => ({ userId: user.actor.id, ...values });
    const sessions = await db().userSession.createManyAndReturn({
      data: [
        session({ endedAt: daysAgo(31), expiresAt: daysAgo(30) }),
        session({ expiresAt: daysAgo(31) }),
        session({ endedAt: daysAgo(10), expiresAt: daysAgo(9) }),
        session({ expiresAt: daysAgo(-1) }),
      ],
      select: { id: true },
    });
    const alert = (status: "open" | "resolved", resolvedAt: Date | null, seen: Date) => ({
      ruleKey: "signin.lockout", severity: "high" as const, status, subjectKey: `user:${randomUUID()}`, title: "t", summary: "s", firstSeenAt: seen, lastSeenAt: seen, resolvedAt,
    });
    const alerts = await db().alert.createManyAndReturn({
      data: [alert("resolved", daysAgo(1097), daysAgo(1100)), alert("resolved", daysAgo(365), daysAgo(400)), alert("open", null, daysAgo(2000))],
      select: { id: true },
    });
    await db().alertEvent.createMany({ data: alerts.map((row, n) => ({ alertId: row.id, auditLogId: BigInt(n + 1) })) });
    await query("INSERT INTO system_statistics_samples VALUES ($1, 1, 1, 1, 1, 1, 1), ($2, 1, 1, 1, 1, 1, 1)", [daysAgo(366), daysAgo(1)]);
    await query("INSERT INTO worker_heartbeats VALUES ('gone', 'h', 1, $1, $1), ('alive', 'h', 2, $2, $2)", [daysAgo(3), new Date()]);
    await query("INSERT INTO user_chart_days VALUES ('u1', current_date - 91, $1), ('u1', current_date, $1)", [randomUUID()]);

    const run = await enforce();
    expect(run.deleted).toMatchObject({ ended_sessions: 2, resolved_alerts: 1, system_samples: 1, worker_heartbeats: 1, user_chart_days: 1 });

    const kept = (await db().userSession.findMany({ where: { userId: user.actor.id }, select: { id: true } })).map((row) => row.id).sort();
    expect(kept).toEqual([sessions[2]?.id, sessions[3]?.id].sort());
    expect((await db().alert.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual([alerts[1]?.id, alerts[2]?.id].sort());
    expect(await db().alertEvent.count({ where: { alertId: alerts[0]?.id } })).toBe(0);
    expect(await db().alertEvent.count({ where: { alertId: { in: [alerts[1]?.id ?? "", alerts[2]?.id ?? ""] } } })).toBe(2);
    expect(await query("SELECT instance_id FROM worker_heartbeats")).toEqual([{ instance_id: "alive" }]);
    expect(await query("SELECT count(*)::int AS n FROM system_statistics_samples")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*)::int AS n FROM user_chart_days")).toEqual([{ n: 1 }]);
  });
});

describe("the job", () => {
  it("works in batches until nothing is left, and a second run finds nothing", async () => {
    const user = await userContextFor("clinician");
    await db().userSession.createMany({ data: Array.from({ length: 23 }, () => ({ userId: user.actor.id, expiresAt: daysAgo(40) })) });
    await db().workerHeartbeat.createMany({ data: Array.from({ length: 9 }, (_, n) => ({ instanceId: `old-${n}`, hostname: "h", pid: n, startedAt: daysAgo(5), beatAt: daysAgo(5) })) });

    const first = await enforce({ batchSize: 5 });
    expect(first.deleted).toMatchObject({ ended_sessions: 23, worker_heartbeats: 9 });
    expect(await db().userSession.count({ where: { userId: user.actor.id } })).toBe(0);

    const second = await enforce({ batchSize: 5 });
    expect(second.deleted).toEqual(Object.fromEntries(RETENTION_CLASS_KEYS.map((key) => [key, 0])));
    expect(second.checkpoints).toBe(0);
  });

  it("records each run as retention.enforced with rows per class, which the compliance report adds up", async () => {
    const user = await userContextFor("clinician");
    await db().userSession.createMany({ data: Array.from({ length: 4 }, () => ({ userId: user.actor.id, expiresAt: daysAgo(40) })) });
    await query("INSERT INTO worker_heartbeats VALUES ('stale', 'h', 1, $1, $1)", [daysAgo(2)]);
    const run = await enforce();

    const [row] = await query<{ user_id: string; status: string; details: { deleted: Record<string, number>; checkpoints: number; cutoffs: Record<string, string> } }>(
      "SELECT user_id, status, details FROM audit_logs WHERE action = 'retention.enforced' ORDER BY id DESC LIMIT 1",
    );
    expect(row).toMatchObject({ status: "success", details: { deleted: run.deleted, checkpoints: 0 } });
    expect(row?.details.deleted).toMatchObject({ ended_sessions: 4, worker_heartbeats: 1 });
    expect(Object.keys(row?.details.cutoffs ?? {}).sort()).toEqual([...RETENTION_CLASS_KEYS].sort());
    expect(row?.user_id).toMatch(/^worker:/);

    const runs = await query<{ n: number; total: number }>(
      "SELECT count(*)::int AS n, sum((SELECT sum(value::text::int) FROM jsonb_each(details->'deleted')))::int AS total FROM audit_logs WHERE action = 'retention.enforced'",
    );
    const today = new Date().toISOString().slice(0, 10);
    const report = await complianceReport(await userContextFor("compliance"), CompliancePeriod.parse({ from: today, to: today }), "viewed");
    expect(report.retentionRuns).toEqual({ runs: runs[0]?.n, deleted: runs[0]?.total });
    expect(report.retentionRuns.deleted).toBeGreaterThanOrEqual(5);
  });
});
