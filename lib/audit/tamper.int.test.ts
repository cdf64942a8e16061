import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditCli, bypassingTriggers } from "@/lib/audit/testing/tamper";
import { recordAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { contextFor } from "@/lib/testing/auth-context";
import { runAuditVerify } from "@/scripts/commands/audit";

// The trail is append-only for the application; only a superuser stepping around the triggers can change it, and
// `audit verify` must then name the first row that no longer fits the chain.

const superuser = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? "", max: 1 });

let rowIds: string[] = [];

beforeAll(async () => {
  const ctx = contextFor("clinician", "/patients");
  for (let n = 0; n < 12; n += 1) {
    await recordAudit({ action: "patient.viewed", actor: ctx.actor, request: ctx.request, outcome: "success", statusCode: 200, resourceType: "patient", resourceId: String(n) });
  }
  rowIds = (await db().auditLog.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((row) => row.id.toString());
});

afterEach(() => {
  process.exitCode = undefined;
});

afterAll(async () => {
  await superuser.end();
});

describe("the application cannot change the trail", () => {
  it.each([
    ["UPDATE", () => db().$executeRaw`UPDATE audit_logs SET username = 'someone else'`],
    ["DELETE", () => db().$executeRaw`DELETE FROM audit_logs WHERE id = ${BigInt(rowIds[0] ?? "0")}`],
    ["TRUNCATE", () => db().$executeRaw`TRUNCATE audit_logs`],
    ["update through Prisma", () => db().auditLog.update({ where: { id: BigInt(rowIds[1] ?? "0") }, data: { status: "success" }, select: { id: true } })],
    ["delete through Prisma", () => db().auditLog.deleteMany({ where: {} })],
  ])("%s is rejected by the trigger", async (_name, attempt) => {
    await expect(attempt()).rejects.toThrow(/append-only/);
    expect(await db().auditLog.count({ where: { username: "someone else" } })).toBe(0);
  });
});

describe("audit verify", () => {
  it("passes on an intact chain and records the verification", async () => {
    const outcome = await runAuditVerify();
    expect(outcome).toMatchObject({ exitCode: 0, message: `audit chain OK: ${rowIds.length} rows verified` });
    const recorded = await db().auditLog.findFirst({ where: { action: "audit.verified" }, orderBy: { id: "desc" }, select: { username: true, details: true, status: true } });
    expect(recorded).toMatchObject({ status: "success", details: { ok: true, rowsChecked: rowIds.length } });
    expect(recorded?.username).toMatch(/^cli:/);

    const run = await auditCli("audit", "verify");
    expect(run.out).toMatch(/^audit chain OK: \d+ rows verified$/);
    expect(run.exitCode).toBe(0);
  });

  it("fails at the row a superuser altered, and keeps failing there as rows are appended", async () => {
    const target = rowIds[5] ?? "";
    await bypassingTriggers(superuser, "UPDATE audit_logs SET status = 'denied' WHERE id = $1", [target]);

    const outcome = await runAuditVerify();
    expect(outcome.exitCode).toBe(1);
    expect(outcome.result).toMatchObject({ ok: false, brokenAtId: target, reason: "row_altered" });
    expect(outcome.message).toMatch(new RegExp(`^audit chain BROKEN at row ${target}: `));

    const run = await auditCli("audit", "verify");
    expect(run.err).toMatch(new RegExp(`^audit chain BROKEN at row ${target}: the row was changed`));
    expect(run.exitCode).toBe(1);

    const recorded = await db().auditLog.findFirst({ where: { action: "audit.verified" }, orderBy: { id: "desc" }, select: { status: true, details: true } });
    expect(recorded).toMatchObject({ status: "failure", details: { ok: false, brokenAtId: target, reason: "row_altered" } });
  });
});
