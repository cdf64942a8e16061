import { z } from "zod";
import { EMRTypeEnum, HL7StatusEnum } from "@/lib/shared-schema/enums";
import { Counter } from "@/lib/shared-schema/fields";
import { ConnectionSlug } from "@/lib/connections/schema-fields";

const Ratio = z.number().min(0).max(1);
const Milliseconds = z.number().nonnegative();

/** Request counters and test results of one EMR connection (dashboard card). */
export const ConnectionStatistics = z.object({
  connectionId: ConnectionSlug,
  name: z.string(),
  emrType: EMRTypeEnum,
  isActive: z.boolean(),
  isConnected: z.boolean(),
  totalRequests: Counter,
  successfulRequests: Counter,
  failedRequests: Counter,
  successRate: Ratio.nullable().describe("successfulRequests / totalRequests, 0–1; null before the first request"),
  avgResponseTimeMs: Milliseconds.nullable().describe("Mean response time in milliseconds"),
  lastConnectedAt: z.date().nullable(),
  lastTestAt: z.date().nullable(),
  lastTestSuccess: z.boolean().nullable(),
});
export type ConnectionStatistics = z.infer<typeof ConnectionStatistics>;

/** Connection pool gauges (from lib/db/pool stats()); the optional counters are cumulative since start. */
export const PoolStatistics = z.object({
  total: Counter.describe("Open connections"),
  idle: Counter.describe("Open and unused"),
  inUse: Counter.describe("Checked out"),
  waiting: Counter.describe("Requests waiting for a connection"),
  max: Counter.describe("Upper bound (pool size + overflow)"),
  min: Counter.optional().describe("Connections kept open"),
  acquisitions: Counter.optional(),
  waits: Counter.optional(),
  timeouts: Counter.optional(),
  errors: Counter.optional(),
});
export type PoolStatistics = z.infer<typeof PoolStatistics>;

/** lib/db/health databaseHealth(), without the error text. */
export const DatabaseStatus = z.object({
  status: z.enum(["up", "down"]),
  latencyMs: Milliseconds.nullable().describe("Round trip of a trivial query; null when down"),
  serverVersion: z.string().optional().describe("PostgreSQL server version"),
  pool: PoolStatistics,
});
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

/** lib/cache/health checkCacheHealth(), summarized: Redis, or the in-process store when REDIS_URL is unset. */
export const CacheStatus = z.object({
  status: z.enum(["up", "down"]).describe("down = reads fall through to PostgreSQL"),
  backend: z.enum(["redis", "memory"]),
  latencyMs: Milliseconds.optional().describe("PING round trip"),
  hitRate: Ratio.optional().describe("Hits / (hits + misses), 0–1"),
  keyCount: Counter.optional(),
});
export type CacheStatus = z.infer<typeof CacheStatus>;

/** System-wide dashboard: record counts, HL7 traffic, connections, audit volume, database and cache health. */
export const SystemStatistics = z.object({
  patients: Counter,
  observations: Counter,
  medications: Counter,
  allergies: Counter,
  hl7Messages: z.object({
    total: Counter,
    byStatus: z.record(HL7StatusEnum, Counter).describe("Count per status; every status present"),
  }),
  connections: z.object({ total: Counter, active: Counter }),
  auditEventsLast24h: Counter,
  database: DatabaseStatus,
  cache: CacheStatus,
  generatedAt: z.date(),
});
export type SystemStatistics = z.infer<typeof SystemStatistics>;
