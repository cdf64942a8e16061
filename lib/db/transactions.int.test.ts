import { beforeAll, describe, expect, it } from "vitest";
import { db, dbPool } from "@/lib/db/client";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { inTransaction } from "@/lib/db/transaction";
import { Prisma } from "@/lib/generated/prisma/client";

// A read or write and its audit row commit together or not at all: both transaction helpers must undo everything
// when the work fails, and hand back a connection the next transaction can use.

beforeAll(async () => {
  await db().$executeRaw`CREATE TABLE rollback_probe (id int PRIMARY KEY)`;
});

async function probeIds(): Promise<number[]> {
  const rows = await db().$queryRaw<{ id: number }[]>`SELECT id FROM rollback_probe ORDER BY id`;
  return rows.map((row) => row.id);
}

describe("inTransaction (Prisma)", () => {
  it("rolls back every statement when the work throws, and passes the error on", async () => {
    const failure = new Error("audit write failed");
    await expect(
      inTransaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO rollback_probe VALUES (1)`;
        await tx.$executeRaw`INSERT INTO rollback_probe VALUES (2)`;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await probeIds()).toEqual([]);
  });

  it("rolls back when a statement fails, and the next transaction commits", async () => {
    await expect(
      inTransaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO rollback_probe VALUES (3)`;
        await tx.$executeRaw`INSERT INTO rollback_probe VALUES (3)`;
      }),
    ).rejects.toThrow(/Unique constraint|duplicate key/i);
    expect(await probeIds()).toEqual([]);
    await inTransaction((tx) => tx.$executeRaw`INSERT INTO rollback_probe VALUES (4)`);
    expect(await probeIds()).toEqual([4]);
  });
});

describe("inSqlTransaction (search's SQL)", () => {
  it("rolls back every statement when the work throws, and passes the error on", async () => {
    const failure = new Error("audit write failed");
    await expect(
      inSqlTransaction(dbPool(), async (run) => {
        await run(Prisma.sql`INSERT INTO rollback_probe VALUES (10)`);
        await run(Prisma.sql`INSERT INTO rollback_probe VALUES (11)`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await probeIds()).toEqual([4]);
  });

  it("rolls back when a statement fails, and every pooled connection is usable afterwards", async () => {
    const attempts = Array.from({ length: 5 }, (_, index) =>
      inSqlTransaction(dbPool(), async (run) => {
        await run(Prisma.sql`INSERT INTO rollback_probe VALUES (${20 + index})`);
        await run(Prisma.sql`SELECT 1 / 0`);
      }),
    );
    for (const result of await Promise.allSettled(attempts)) expect(result).toMatchObject({ status: "rejected", reason: { message: "division by zero" } });
    expect(await probeIds()).toEqual([4]);
    // A connection returned mid-transaction would answer "current transaction is aborted" here.
    const sums = await Promise.all(Array.from({ length: 5 }, () => inSqlTransaction(dbPool(), (run) => run<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM rollback_probe`))));
    expect(sums.flat()).toEqual(Array.from({ length: 5 }, () => ({ n: 1 })));
  });
});
