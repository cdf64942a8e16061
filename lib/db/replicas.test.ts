import { describe, expect, it } from "vitest";
import { replicaPoolConfig } from "@/lib/db/pool";
import { parseLsn } from "@/lib/db/replicas";
import { EnvError, parseEnv } from "@/lib/env";

const BASE = { DATABASE_URL: "postgresql://localhost/meridian", ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

describe("read replica settings", () => {
  it("reads DATABASE_REPLICA_URLS as a comma-separated list, none by default", () => {
    expect(parseEnv(BASE).DATABASE_REPLICA_URLS).toEqual([]);
    const env = parseEnv({ ...BASE, DATABASE_REPLICA_URLS: " postgresql://r1:5432/meridian, postgresql://r2:5432/meridian ," });
    expect(env.DATABASE_REPLICA_URLS).toEqual(["postgresql://r1:5432/meridian", "postgresql://r2:5432/meridian"]);
    expect(() => parseEnv({ ...BASE, DATABASE_REPLICA_URLS: "postgresql://r1/meridian,replica-two" })).toThrow(EnvError);
  });

  it("opens every replica connection read-only, with its own sizes and a short wait", () => {
    const env = parseEnv({ ...BASE, DATABASE_REPLICA_POOL_SIZE: "2", DATABASE_REPLICA_POOL_MAX_OVERFLOW: "3", DATABASE_REPLICA_TIMEOUT_MS: "700" });
    expect(replicaPoolConfig("postgresql://r1/meridian", env)).toMatchObject({
      connectionString: "postgresql://r1/meridian",
      min: 2,
      max: 5,
      connectionTimeoutMillis: 700,
      options: "-c default_transaction_read_only=on",
    });
  });
});

describe("WAL positions", () => {
  it("compare as PostgreSQL's pg_lsn does", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn("1/0") > parseLsn("0/FFFFFFFF")).toBe(true);
    expect(() => parseLsn("16-B374D848")).toThrow(RangeError);
  });
});
