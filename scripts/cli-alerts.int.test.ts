import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { insertTrail } from "@/lib/alerts/detect/testing/trail";
import { db } from "@/lib/db/client";
import { cli, expectRefusal, expectSuccess, lastAudit, OPERATOR } from "@/scripts/testing/cli-process";

// `alerts detect` and `alerts list` as an operator runs them: each its own process, judged by exit status and output.

const SLOW = 300_000;

async function lockedOut(userId: string): Promise<void> {
  await insertTrail((statement) => db().$queryRaw<{ id: string }[]>(statement), [
    { action: "auth.locked_out", at: new Date(), userId, username: `${userId}@test.example`, userRole: "clinician", ip: "10.9.8.7", status: "failure" },
  ]);
}

describe("alerts detect", () => {
  it("runs a pass now, as the worker would, and says per rule what it raised and counted again", async () => {
    const userId = randomUUID();
    await lockedOut(userId);

    const first = await cli(["alerts", "detect"]);
    expectSuccess(first);
    expect(first.stdout).toMatch(/^Read [1-9]\d* audit rows? in \d+ batch(es)?: 1 alert raised, 0 counted again\.$/m);
    expect(first.stdout).toMatch(/^RULE\s+RAISED\s+COUNTED AGAIN$/m);
    expect(first.stdout).toMatch(/^signin\.lockout\s+1\s+0$/m);
    const raised = await lastAudit("alert.raised");
    expect(raised).toMatchObject({ userAgent: "meridian-worker", requestPath: "job alerts.detect", details: expect.objectContaining({ rule: "signin.lockout", subject: `user:${userId}` }) });
    expect(raised?.userId).toMatch(/^worker:/);

    await lockedOut(userId);
    const again = await cli(["alerts", "detect", "--json"]);
    expectSuccess(again);
    const run = JSON.parse(again.stdout) as { rowsRead: number; batches: number; rules: unknown[] };
    expect(run.rowsRead).toBeGreaterThanOrEqual(1);
    expect(run.rules).toEqual([{ rule: "signin.lockout", raised: 0, countedAgain: 1 }]);
    expect(await db().alert.findMany({ where: { subjectKey: `user:${userId}` }, select: { count: true, status: true } })).toEqual([{ count: 2, status: "open" }]);
  }, SLOW);
});

describe("alerts list", () => {
  it("prints alerts as a table or JSON by status, audited under the operator, and refuses an unknown status", async () => {
    const subject = `user:${randomUUID()}`;
    const now = new Date();
    const alert = await db().alert.create({
      data: { ruleKey: "signin.new_ip", severity: "low", status: "resolved", subjectKey: subject, title: "Sign-in from a new address", summary: "10.1.1.1", firstSeenAt: now, lastSeenAt: now },
      select: { id: true },
    });

    const [table, json, open, unknown] = await Promise.all([
      cli(["alerts", "list", "--status", "resolved"]),
      cli(["alerts", "list", "--status", "resolved", "--json"]),
      cli(["alerts", "list", "--status", "unresolved", "--json"]),
      cli(["alerts", "list", "--status", "closed"]),
    ]);
    expectSuccess(table);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+STATUS\s+RULE\s+SUBJECT\s+COUNT\s+LAST SEEN\s+ASSIGNEE$/m);
    expect(table.stdout).toMatch(new RegExp(`^${alert.id}\\s+low\\s+resolved\\s+signin\\.new_ip\\s+${subject}\\s+1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\dZ\\s+-$`, "m"));

    expectSuccess(json);
    const page = JSON.parse(json.stdout) as { data: { id: string; status: string }[]; page: number; total: number };
    expect(page).toMatchObject({ page: 1, total: 1, data: [{ id: alert.id, status: "resolved" }] });
    expectSuccess(open);
    expect((JSON.parse(open.stdout) as { data: { status: string }[] }).data.every((listed) => listed.status !== "resolved")).toBe(true);

    expectRefusal(unknown, /^meridian: Invalid filter: status: /);
    expect(unknown.stdout).toBe("");
    expect(await lastAudit("alert.listed")).toMatchObject({ username: OPERATOR, userRole: "compliance", requestPath: "cli alerts list", status: "success" });
  }, SLOW);
});
