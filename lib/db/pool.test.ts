import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { poolConfig } from "@/lib/db/pool";

const ENCRYPTION_KEY = Buffer.alloc(32, 1).toString("base64");

describe("pool configuration", () => {
  it("follows the specification: 10 kept, 20 overflow, recycled hourly, bounded waits and statements", () => {
    const config = poolConfig(parseEnv({ DATABASE_URL: "postgresql://localhost/meridian", NODE_ENV: "test", ENCRYPTION_KEY }));
    expect(config.min).toBe(10);
    expect(config.max).toBe(30);
    expect(config.maxLifetimeSeconds).toBe(3600);
    expect(config.connectionTimeoutMillis).toBe(10_000);
    expect(config.statement_timeout).toBe(30_000);
    expect(config.idleTimeoutMillis).toBe(30_000);
  });

  it("takes its sizes from the environment", () => {
    const config = poolConfig(
      parseEnv({
        DATABASE_URL: "postgresql://localhost/meridian",
        NODE_ENV: "test",
        ENCRYPTION_KEY,
        DATABASE_POOL_SIZE: "4",
        DATABASE_POOL_MAX_OVERFLOW: "2",
        DATABASE_STATEMENT_TIMEOUT_MS: "5000",
      }),
    );
    expect(config.min).toBe(4);
    expect(config.max).toBe(6);
    expect(config.statement_timeout).toBe(5000);
  });

  it("leaves the statement timeout to a transaction pooler, which refuses it as a startup parameter", () => {
    const base = { DATABASE_URL: "postgresql://localhost:6432/meridian", NODE_ENV: "test", ENCRYPTION_KEY };
    const direct = parseEnv(base);
    expect(direct.DIRECT_DATABASE_URL).toBe(base.DATABASE_URL);
    expect(poolConfig(direct).statement_timeout).toBe(30_000);
    const pooled = parseEnv({ ...base, DIRECT_DATABASE_URL: "postgresql://localhost:5432/meridian" });
    expect(poolConfig(pooled)).not.toHaveProperty("statement_timeout");
    expect(poolConfig(pooled).connectionString).toBe(base.DATABASE_URL);
  });
});
