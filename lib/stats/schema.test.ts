import { describe, expect, it } from "vitest";
import {
  CacheStatus,
  ConnectionStatistics,
  DatabaseStatus,
  PoolStatistics,
  SystemStatistics,
} from "@/lib/stats/schema";
import { expectIssueAt, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

const connection = {
  connectionId: "epic-prod",
  name: "Epic (production)",
  emrType: "epic",
  isActive: true,
  isConnected: true,
  totalRequests: BigInt(1200),
  successfulRequests: BigInt(1188),
  failedRequests: 12,
  successRate: 0.99,
  avgResponseTimeMs: 182.5,
  lastConnectedAt: new Date("2024-05-01T08:00:00Z"),
  lastTestAt: null,
  lastTestSuccess: null,
};

const pool = { total: 10, idle: 7, inUse: 3, waiting: 0, max: 30 };
const database = { status: "up", latencyMs: 1.2, pool };
const cache = { status: "up", backend: "redis", hitRate: 0.87, keyCount: 1532 };

const system = {
  patients: 1000,
  observations: BigInt(250_000),
  medications: 4000,
  allergies: 800,
  hl7Messages: { total: 60, byStatus: { received: 1, processed: 50, error: 2, sent: 3, acknowledged: 4 } },
  connections: { total: 3, active: 2 },
  auditEventsLast24h: 5000,
  database,
  cache,
  generatedAt: new Date("2024-05-01T08:30:00Z"),
};

describe("ConnectionStatistics", () => {
  it("parses a connection card, counters as numbers", () => {
    expect(expectValid(ConnectionStatistics, connection)).toMatchObject({ totalRequests: 1200, failedRequests: 12 });
    expectValid(ConnectionStatistics, { ...connection, successRate: null, avgResponseTimeMs: null });
  });
  it.each([
    ["successRate", 1.5],
    ["successRate", -0.1],
    ["totalRequests", -1],
    ["avgResponseTimeMs", -3],
    ["emrType", "epic-systems"],
    ["lastTestAt", "2024-05-01"],
    ["isConnected", undefined],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(ConnectionStatistics, withChanges(connection, { [field]: value }), field);
  });
});

describe("PoolStatistics", () => {
  it("accepts the pool gauges, with or without the cumulative counters", () => {
    expectValid(PoolStatistics, pool);
    expectValid(PoolStatistics, { ...pool, min: 10, acquisitions: 100, waits: 2, timeouts: 0, errors: 0 });
  });
  it("requires every gauge as a non-negative integer", () => {
    expectIssueAt(PoolStatistics, withChanges(pool, { waiting: undefined }), "waiting");
    expectIssueAt(PoolStatistics, { ...pool, inUse: -1 }, "inUse");
    expectIssueAt(PoolStatistics, { ...pool, max: 2.5 }, "max");
  });
});

describe("DatabaseStatus", () => {
  it("accepts up and down", () => {
    expectValid(DatabaseStatus, { ...database, serverVersion: "17.2" });
    expectValid(DatabaseStatus, { status: "down", latencyMs: null, pool });
  });
  it("rejects unknown status and nested pool errors", () => {
    expectIssueAt(DatabaseStatus, { ...database, status: "ok" }, "status");
    expectIssueAt(DatabaseStatus, { ...database, pool: { ...pool, idle: "7" } }, "pool.idle");
  });
});

describe("CacheStatus", () => {
  it("accepts redis up, redis down without metrics, and the in-process store", () => {
    expectValid(CacheStatus, { ...cache, latencyMs: 0.4 });
    expectValid(CacheStatus, { status: "down", backend: "redis" });
    expectValid(CacheStatus, { status: "up", backend: "memory", keyCount: 12 });
  });
  it("rejects bad status, backend and hit rate", () => {
    expectIssueAt(CacheStatus, { ...cache, status: "degraded" }, "status");
    expectIssueAt(CacheStatus, { ...cache, latencyMs: -1 }, "latencyMs");
    expectIssueAt(CacheStatus, { ...cache, backend: "memcached" }, "backend");
    expectIssueAt(CacheStatus, { ...cache, hitRate: 87 }, "hitRate");
  });
});

describe("SystemStatistics", () => {
  it("parses the dashboard document", () => {
    const stats = expectValid(SystemStatistics, system);
    expect(stats.observations).toBe(250_000);
    expect(stats.hl7Messages.byStatus.error).toBe(2);
  });
  it("reports nested paths", () => {
    expectIssueAt(SystemStatistics, { ...system, patients: -1 }, "patients");
    expectIssueAt(
      SystemStatistics,
      { ...system, hl7Messages: { total: 1, byStatus: { received: 1 } } },
      "hl7Messages.byStatus.processed",
    );
    expectIssueAt(SystemStatistics, { ...system, connections: { total: 3 } }, "connections.active");
    expectIssueAt(SystemStatistics, { ...system, database: { ...database, latencyMs: -1 } }, "database.latencyMs");
    expectIssueAt(SystemStatistics, { ...system, generatedAt: "now" }, "generatedAt");
  });
});
