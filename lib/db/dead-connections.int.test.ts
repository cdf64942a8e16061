import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkSession, startSession } from "@/lib/auth/sessions";
import { db, dbPool } from "@/lib/db/client";
import { InstrumentedPool } from "@/lib/db/pool";
import { RetryingAdapterFactory } from "@/lib/db/retrying-adapter";
import { inSqlTransaction } from "@/lib/db/sql-transaction";
import { inTransaction } from "@/lib/db/transaction";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { createUser } from "@/lib/seed/accounts";
import { contextFor } from "@/lib/testing/auth-context";
import { terminateBackendsSynchronously } from "@/lib/testing/terminate-backends";

// The specification's pool_pre_ping: a connection that died in the pool must not fail the next request. Each test
// opens several connections, ends every session of the test database at once, and uses the pool right away.

const url = process.env.DATABASE_URL ?? "";
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Opens `count` connections in the app's pool (parallel queries), so the termination leaves that many dead. */
async function warmAppPool(count = 5): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => db().$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`));
  expect(dbPool().idleCount).toBeGreaterThanOrEqual(2);
}

describe("after every backend was terminated", () => {
  it("the next Prisma read succeeds", async () => {
    await warmAppPool();
    expect(terminateBackendsSynchronously(url)).toBeGreaterThanOrEqual(2);
    expect(await db().user.count()).toBeGreaterThanOrEqual(0);
  });

  it("the session lookup still finds the signed-in user", async () => {
    const user = await createUser({ email: `dead-conn-${Date.now()}@test.example`, name: "Still Signed In", role: "clinician", password: "a long enough password" });
    const request = contextFor("clinician").request;
    const sessionId = await inTransaction((tx) => startSession(tx, user.id, request));
    await warmAppPool();
    expect(terminateBackendsSynchronously(url)).toBeGreaterThanOrEqual(2);
    expect((await checkSession(sessionId, request))?.id).toBe(user.id);
  });

  it("a Prisma transaction starts on a live connection", async () => {
    await warmAppPool();
    expect(terminateBackendsSynchronously(url)).toBeGreaterThanOrEqual(2);
    expect(await inTransaction((tx) => tx.user.count())).toBeGreaterThanOrEqual(0);
  });

  it("search's SQL transaction starts on a live connection", async () => {
    await warmAppPool();
    expect(terminateBackendsSynchronously(url)).toBeGreaterThanOrEqual(2);
    const rows = await inSqlTransaction(dbPool(), (run) => run<{ one: number }>(Prisma.sql`SELECT 1 AS one`));
    expect(rows).toEqual([{ one: 1 }]);
  });
});

describe("reads and writes on a connection that died a moment ago", () => {
  // Pings only after a minute of idleness, so the read/write distinction of the retry is all that is at work.
  const pool = new InstrumentedPool({ connectionString: url, max: 4, application_name: "meridian-dead-connections" }, { afterIdleMs: 60_000, timeoutMs: 2000 });
  const prisma = new PrismaClient({ adapter: new RetryingAdapterFactory(new PrismaPg(pool)) });
  cleanups.push(async () => {
    await prisma.$disconnect();
    await pool.end();
  });

  async function warm(): Promise<void> {
    await Promise.all(Array.from({ length: 4 }, () => prisma.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`));
  }

  it("a read is retried on a fresh connection", async () => {
    await warm();
    terminateBackendsSynchronously(url);
    expect(await prisma.user.count()).toBeGreaterThanOrEqual(0);
  });

  it("a write is not repeated: it fails, since it might have committed before the connection died", async () => {
    await warm();
    terminateBackendsSynchronously(url);
    await expect(prisma.user.updateMany({ where: { email: "nobody@test.example" }, data: { name: "x" } })).rejects.toThrow(/57P01|terminat/);
    // The failure taught the pool that its connections died: the next write finds a live one.
    expect(await prisma.user.updateMany({ where: { email: "nobody@test.example" }, data: { name: "x" } })).toEqual({ count: 0 });
  });
});

describe("a connection ended while checked out", () => {
  // Between checkout and the holder's first statement (its ping, BEGIN, Prisma's adapter) nobody listens on the
  // client; the server's notice must not become an unhandled "error" event that ends the process (a PostgreSQL
  // restart during HL7 ingest once killed the listener this way).
  it("leaves the process running: the next statement fails and the client is not reused", async () => {
    const pool = new InstrumentedPool({ connectionString: url, max: 1, application_name: "meridian-held-connection" }, { afterIdleMs: 60_000, timeoutMs: 2000 });
    cleanups.push(() => pool.end());
    const held = await pool.connect();
    const ended = new Promise((resolve) => held.once("end", resolve));
    terminateBackendsSynchronously(url);
    await ended;
    await expect(held.query("SELECT 1")).rejects.toThrow();
    held.release();
    expect(pool.totalCount).toBe(0);
    expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

/** A TCP relay to PostgreSQL whose established connections can be made to go silent (a network that drops them). */
async function silenceableRelay(target: URL): Promise<{ url: string; silenceExisting(): void; close(): Promise<void> }> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 5432) });
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("relay has no port");
  const relayed = new URL(target);
  relayed.hostname = "127.0.0.1";
  relayed.port = String(address.port);
  return {
    url: relayed.toString(),
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
    silenceExisting() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
  };
}

describe("pre-ping", () => {
  it("replaces connections that stopped answering while idle (no notice, no reset)", async () => {
    const relay = await silenceableRelay(new URL(url));
    const pool = new InstrumentedPool({ connectionString: relay.url, max: 4 }, { afterIdleMs: 50, timeoutMs: 300 });
    cleanups.push(async () => {
      await relay.close();
      await pool.end();
    });
    await Promise.all(Array.from({ length: 3 }, () => pool.query("SELECT pg_sleep(0.05)")));
    relay.silenceExisting();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = performance.now();
    const result = await pool.query<{ one: number }>("SELECT 1 AS one");
    expect(result.rows).toEqual([{ one: 1 }]);
    expect(pool.stats().deadConnections).toBe(3);
    // Three pings of 300 ms at most, then a fresh connection: never the hang of a query sent into silence.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("does not ping a connection that was used a moment ago (no round trip on a busy pool)", async () => {
    const relay = await silenceableRelay(new URL(url));
    const pool = new InstrumentedPool({ connectionString: relay.url, max: 1 }, { afterIdleMs: 60_000, timeoutMs: 300 });
    cleanups.push(async () => {
      await relay.close();
      await pool.end();
    });
    await pool.query("SELECT 1");
    // Were it pinged, the silent connection would fail its ping and be counted dead.
    relay.silenceExisting();
    for (let checkout = 0; checkout < 20; checkout += 1) (await pool.connect()).release();
    expect(pool.stats().deadConnections).toBe(0);
    expect(pool.stats().total).toBe(1);
  });
});
