import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { CommitGroups, type GroupedWork } from "@/lib/hl7/ingest/commit-groups";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(async () => {
  await client.connect();
  await client.query("CREATE TABLE grouped_rows (id int PRIMARY KEY)");
});
afterAll(() => client.end());

const insert = (id: number): GroupedWork<number> => ({
  attempt: async (run) => {
    await run(Prisma.sql`INSERT INTO grouped_rows (id) VALUES (${id})`);
    return id;
  },
  recover: (error) => (error instanceof Error ? error : new Error(String(error))),
});

describe("commit groups", () => {
  it("commits concurrent work together, and one piece's failure rolls back only that piece", async () => {
    const groups = new CommitGroups(16, 1);
    await client.query("INSERT INTO grouped_rows (id) VALUES (3)");
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((id) => groups.submit(insert(id))));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect((await client.query("SELECT id FROM grouped_rows ORDER BY id")).rows.map((row: { id: number }) => row.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("tries a piece again in the same transaction when it asks to, after it changed itself", async () => {
    const groups = new CommitGroups(16, 1);
    let id = 5;
    const work: GroupedWork<number> = {
      attempt: async (run) => {
        await run(Prisma.sql`INSERT INTO grouped_rows (id) VALUES (${id})`);
        return id;
      },
      recover: () => {
        id = 6;
        return "again";
      },
    };
    expect(await groups.submit(work)).toBe(6);
  });

  it("reports nothing done when the commit fails", async () => {
    const groups = new CommitGroups(16, 1);
    const deferred: GroupedWork<number> = {
      attempt: async (run) => {
        await run(Prisma.sql`SET CONSTRAINTS ALL DEFERRED`);
        await run(Prisma.sql`CREATE TEMP TABLE doomed (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP`);
        await run(Prisma.sql`INSERT INTO doomed VALUES (1), (1)`);
        return 0;
      },
      recover: (error) => (error instanceof Error ? error : new Error(String(error))),
    };
    // A first group holds the only transaction slot while the next two queue up and go in together.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const blocker = groups.submit({ attempt: () => held.then(() => 0), recover: (error) => (error instanceof Error ? error : new Error(String(error))) });
    const together = Promise.allSettled([groups.submit(insert(7)), groups.submit(deferred)]);
    release();
    await blocker;
    const results = await together;
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect((await client.query("SELECT id FROM grouped_rows WHERE id = 7")).rows).toEqual([]);
  });
});
