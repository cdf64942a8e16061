import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db, dbPool } from "@/lib/db/client";
import { userContextFor } from "@/lib/patients/testing/factories";
import { RETENTION_CLASS_KEYS } from "@/lib/retention/policy";
import { cli, expectRefusal, expectSuccess, lastAudit, OPERATOR } from "@/scripts/testing/cli-process";

// `retention report`, `retention enforce`, `audit verify` and `keys rotate` as an operator runs them, each its own
// process judged by exit status and output: the audit trail's old rows are archived under signed checkpoints, the
// chain still verifies, and after a key rotation the key that signed the checkpoints can leave ENCRYPTION_KEYS.

const SLOW = 300_000;
const DAY = 24 * 60 * 60 * 1000;
const SEVEN_YEARS_AGO = new Date(Date.now() - 7 * 365 * DAY);
const OLD_AUDIT_ROWS = 12;

const newKey = `2027-01:${randomBytes(32).toString("base64")}`;
/** The file's key ("default", from ENCRYPTION_KEY) and a newer one that encrypts and signs from now on. */
const bothKeys = { ...process.env, ENCRYPTION_KEYS: newKey };
/** The old key gone: only the newer one is configured. */
const newKeyOnly: NodeJS.ProcessEnv = { ...process.env, ENCRYPTION_KEYS: newKey };
delete newKeyOnly.ENCRYPTION_KEY;

/** Audit rows written the way the application writes (the chain trigger hashes them), dated seven years back. */
async function writeOldAuditRows(): Promise<void> {
  for (let n = 0; n < OLD_AUDIT_ROWS; n += 1) {
    await dbPool().query(
      `INSERT INTO audit_logs (event_type, action, status, user_id, resource_type, resource_id, timestamp)
       VALUES ('data_access', 'patient.viewed', 'success', 'old-user', 'patient', $1, $2)`,
      [String(n), new Date(SEVEN_YEARS_AGO.getTime() + n * 1000)],
    );
  }
}

function dueOf(report: string, key: string): number {
  const line = report.split("\n").find((text) => text.startsWith(`${key} `));
  return Number(line?.trim().split(/\s+/).at(-1));
}

describe("npm run cli -- retention", () => {
  it("report says per class what is due and changes nothing; enforce takes exactly that, and audit verify still passes", async () => {
    await writeOldAuditRows();
    const user = await userContextFor("clinician");
    await db().userSession.createMany({ data: Array.from({ length: 3 }, () => ({ userId: user.actor.id, expiresAt: new Date(Date.now() - 45 * DAY) })) });

    const report = await cli(["retention", "report"]);
    expectSuccess(report);
    expect(report.stdout).toMatch(/^CLASS\s+KEEP\s+ENV\s+ACTION\s+CUTOFF\s+DUE$/m);
    expect(report.stdout).toMatch(/^audit_trail\s+2192 d\s+RETENTION_AUDIT_DAYS\s+archive\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+12$/m);
    expect(report.stdout).toMatch(/^hl7_raw\s+90 d\s+RETENTION_HL7_RAW_DAYS\s+purge text\s/m);
    expect(dueOf(report.stdout, "ended_sessions")).toBe(3);
    expect(await db().userSession.count({ where: { userId: user.actor.id } })).toBe(3);
    expect(await db().auditLog.count({ where: { userId: "old-user" } })).toBe(OLD_AUDIT_ROWS);

    const asOf = "2040-01-01T00:00:00.000Z";
    const later = await cli(["retention", "report", "--json", "--as-of", asOf]);
    expectSuccess(later);
    const json = JSON.parse(later.stdout) as { asOf: string; classes: { key: string; cutoff: string; due: number }[] };
    expect(json.asOf).toBe(asOf);
    expect(json.classes.map((line) => line.key)).toEqual([...RETENTION_CLASS_KEYS]);
    expect(json.classes.find((line) => line.key === "audit_trail")?.cutoff).toBe(new Date(Date.parse(asOf) - 2192 * DAY).toISOString());

    const enforce = await cli(["retention", "enforce"]);
    expectSuccess(enforce);
    expect(enforce.stdout).toMatch(/^Retention enforced: 15 rows purged or archived, [1-9]\d* audit checkpoints? written\.$/m);
    expect(enforce.stdout).toMatch(/^audit_trail\s+12$/m);
    expect(enforce.stdout).toMatch(/^ended_sessions\s+3$/m);
    expect(await db().auditLog.count({ where: { userId: "old-user" } })).toBe(0);
    expect(await db().auditLogArchive.count({ where: { userId: "old-user" } })).toBe(OLD_AUDIT_ROWS);
    expect(await lastAudit("retention.enforced")).toMatchObject({
      username: OPERATOR,
      requestPath: "cli retention enforce",
      status: "success",
      details: expect.objectContaining({ deleted: expect.objectContaining({ audit_trail: 12, ended_sessions: 3 }) }),
    });

    const after = await cli(["retention", "report"]);
    expectSuccess(after);
    expect(dueOf(after.stdout, "audit_trail")).toBe(0);
    expect(dueOf(after.stdout, "ended_sessions")).toBe(0);

    const verify = await cli(["audit", "verify"]);
    expectSuccess(verify);
    expect(verify.stdout).toMatch(/^audit chain OK: \d+ rows verified$/m);
  }, SLOW);

  it("after keys rotate re-signs the checkpoints, the old key can leave ENCRYPTION_KEYS and audit verify still passes", async () => {
    const checkpoints = await db().auditCheckpoint.count();
    expect(checkpoints).toBeGreaterThan(0);

    // Without the key that signed them, the checkpoints cannot be told from forged ones.
    const unsigned = await cli(["audit", "verify"], { env: newKeyOnly });
    expectRefusal(unsigned, /^audit chain BROKEN at row \d+ \(checkpoint \d+\): .*no longer in ENCRYPTION_KEYS/);

    const status = await cli(["keys", "status"], { env: bothKeys });
    expect(status.status, status.stderr).toBe(2);
    expect(status.stdout).toContain(`audit checkpoints: default: ${checkpoints}`);

    const rotate = await cli(["keys", "rotate"], { env: bothKeys });
    expectSuccess(rotate);
    expect(rotate.stdout).toContain(`${checkpoints} audit checkpoints`);
    const done = await cli(["keys", "status"], { env: bothKeys });
    expect(done.status, done.stdout).toBe(0);
    expect(done.stdout).toContain(`audit checkpoints: 2027-01: ${checkpoints}`);

    const verify = await cli(["audit", "verify"], { env: newKeyOnly });
    expectSuccess(verify);
    expect(verify.stdout).toMatch(/^audit chain OK: \d+ rows verified$/m);
  }, SLOW);

  it("refuses to run on a policy that keeps the audit trail less than six years: exit 1, one line, nothing changed", async () => {
    const user = await userContextFor("clinician");
    await db().userSession.create({ data: { userId: user.actor.id, expiresAt: new Date(Date.now() - 45 * DAY) } });
    const runs = await db().auditLog.count({ where: { action: "retention.enforced" } });

    const refused = await cli(["retention", "enforce"], { env: { ...process.env, RETENTION_AUDIT_DAYS: "365" } });
    expectRefusal(refused, /RETENTION_AUDIT_DAYS: the audit trail is kept at least 6 years \(2192 days\)/);
    expect(await db().userSession.count({ where: { userId: user.actor.id } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: "retention.enforced" } })).toBe(runs);

    const badDate = await cli(["retention", "report", "--as-of", "someday"]);
    expectRefusal(badDate, /Expected a date in ISO 8601/);
  }, SLOW);
});
