import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { cli, expectRefusal, expectSuccess, lastAudit, OPERATOR } from "@/scripts/testing/cli-process";

// The CLI's general behaviour and its data commands (seed, db, audit), each run as its own process.
// scripts/cli-accounts.int.test.ts covers `user` and `apikey`.

const SLOW = 300_000;

const superuser = new pg.Pool({ connectionString: process.env.DATABASE_URL ?? "", max: 1 });

afterAll(async () => {
  await superuser.end();
});

describe("the CLI as a process", () => {
  it("lists its commands with --help and refuses an unknown command", async () => {
    const [help, unknown] = await Promise.all([cli(["--help"]), cli(["frobnicate"])]);
    expectSuccess(help);
    for (const command of ["audit", "db", "seed", "user", "apikey"]) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expectRefusal(unknown, /^error: unknown command 'frobnicate'/);
  }, SLOW);

  it("refuses to start with a configured database and no ENCRYPTION_KEY, even with the embedded-database marker in the shell", async () => {
    const runs = await Promise.all(
      [undefined, "true"].map((marker) => cli(["user", "list"], { env: { ...process.env, ENCRYPTION_KEY: undefined, MERIDIAN_EMBEDDED_DATABASE: marker } })),
    );
    for (const result of runs) {
      expectRefusal(result, /^meridian: Invalid environment \(see \.env\.example\): ENCRYPTION_KEY: required unless the embedded development database is used/);
      expect(result.stdout).toBe("");
    }
  }, SLOW);

  it("says which database it cannot reach", async () => {
    const env = { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/meridian" };
    const [prisma, migrations] = await Promise.all([cli(["user", "list"], { env }), cli(["db", "migrate"], { env })]);
    expectRefusal(prisma, /^meridian: Cannot use the database at 127\.0\.0\.1:1\/meridian: .*Is PostgreSQL running there/);
    expectRefusal(migrations, /^meridian: Cannot use the database at 127\.0\.0\.1:1\/meridian: .*ECONNREFUSED/);
  }, SLOW);
});

describe("seed", () => {
  it("seeds the demo data into an empty database once, then leaves it alone", async () => {
    const first = await cli(["seed"]);
    expectSuccess(first);
    expect(first.stdout).toMatch(/^Seeded demo data: 3 users, \d+ connections, 200 patients/m);
    expect(await db().user.count()).toBe(3);
    const again = await cli(["seed"]);
    expectSuccess(again);
    expect(again.stdout).toMatch(/already has 3 user\(s\); demo data was not seeded/);
  }, SLOW);

  it("bulk-loads patients, and refuses bulk options without --patients", async () => {
    const [bulk, withoutPatients, badNumber] = await Promise.all([
      cli(["seed", "--patients", "3", "--observations-per-patient", "1", "--no-progress"]),
      cli(["seed", "--batch-size", "5"]),
      cli(["seed", "--patients", "many"]),
    ]);
    expectSuccess(bulk);
    expect(bulk.stdout).toMatch(/^Bulk seed: 3 patients \(BLK000000001\.\.BLK000000003\) and 3 observations/);
    expectRefusal(withoutPatients, /^meridian: --observations-per-patient, --batch-size and --compare-raw need --patients N/);
    expectRefusal(badNumber, /^error: option '--patients <n>' argument 'many' is invalid/);
  }, SLOW);
});

describe("db", () => {
  it("reports status, rolls the latest migration back and applies it again, and finds no drift from schema.prisma", async () => {
    const status = await cli(["db", "status"]);
    expectSuccess(status);
    expect(status.stdout).toMatch(/^applied {3}\d{14}_\w+/m);
    expect(status.stdout).not.toMatch(/^(pending|MODIFIED|UNKNOWN)/m);

    const rollback = await cli(["db", "rollback"]);
    expectSuccess(rollback);
    const undone = /^Rolled back: (\S+)$/m.exec(rollback.stdout)?.[1];
    expect(undone).toBeDefined();
    const migrate = await cli(["db", "migrate"]);
    expectSuccess(migrate);
    expect(migrate.stdout.trim()).toBe(`Applied: ${undone}`);

    const diff = await cli(["db", "diff"]);
    expectSuccess(diff);
    expect(diff.stdout.trim()).toBe("No difference: the database matches schema.prisma.");
  }, SLOW);
});

describe("audit verify", () => {
  it("exits 0 on an intact chain and 1 once a row was altered, as a cron job or monitor sees it", async () => {
    const intact = await cli(["audit", "verify"]);
    expectSuccess(intact);
    expect(intact.stdout.trim()).toMatch(/^audit chain OK: \d+ rows verified$/);
    expect(await lastAudit("audit.verified")).toMatchObject({ username: OPERATOR, userRole: "compliance", requestPath: "cli audit verify", status: "success" });

    // A superuser stepping around the append-only triggers, as lib/audit/tamper.int.test.ts does.
    const [target] = await db().auditLog.findMany({ orderBy: { id: "asc" }, take: 1, select: { id: true } });
    const client = await superuser.connect();
    try {
      await client.query("SET session_replication_role = replica");
      await client.query("UPDATE audit_logs SET status = 'denied' WHERE id = $1", [target?.id.toString()]);
    } finally {
      await client.query("SET session_replication_role = DEFAULT");
      client.release();
    }

    const broken = await cli(["audit", "verify"]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toBe("");
    expect(broken.stderr.trim()).toBe(`audit chain BROKEN at row ${target?.id.toString()}: the row was changed after it was written (its hash no longer matches its contents)`);
    expect(await lastAudit("audit.verified")).toMatchObject({ status: "failure", details: { ok: false, brokenAtId: target?.id.toString() } });
  }, SLOW);
});
