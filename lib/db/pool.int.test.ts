import { afterAll, describe, expect, it } from "vitest";
import { InstrumentedPool } from "@/lib/db/pool";
import { databaseHealth } from "@/lib/db/health";
import { db } from "@/lib/db/client";

const url = process.env.DATABASE_URL ?? "";
const pools: InstrumentedPool[] = [];

function smallPool(max: number, connectionTimeoutMillis: number): InstrumentedPool {
  const pool = new InstrumentedPool({ connectionString: url, max, connectionTimeoutMillis });
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe("instrumented pool", () => {
  it("counts acquisitions, waits and acquisition timeouts", async () => {
    const pool = smallPool(1, 200);
    const held = await pool.connect();
    await expect(pool.query("SELECT 1")).rejects.toThrow(/timeout/);
    held.release();
    await pool.query("SELECT 1");
    const stats = pool.stats();
    expect(stats.acquisitions).toBe(3);
    expect(stats.waits).toBe(1);
    expect(stats.timeouts).toBe(1);
    expect(stats.max).toBe(1);
    expect(stats.total).toBe(1);
  });

  it("enforces statement_timeout", async () => {
    const pool = new InstrumentedPool({ connectionString: url, max: 1, statement_timeout: 100 });
    pools.push(pool);
    await expect(pool.query("SELECT pg_sleep(1)")).rejects.toThrow(/statement timeout/);
  });
});

describe("database health", () => {
  it("reports latency, server version and pool statistics through the app's client", async () => {
    await db().patient.count();
    const health = await databaseHealth();
    expect(health.status).toBe("up");
    if (health.status !== "up") return;
    expect(health.serverVersion).toMatch(/^\d+/);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.pool.max).toBe(30);
    expect(health.pool.acquisitions).toBeGreaterThan(0);
  });
});
