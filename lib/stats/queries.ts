import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { cacheHealth, type CacheHealth } from "@/lib/cache";
import { db } from "@/lib/db/client";
import { databaseHealth, type DatabaseHealth } from "@/lib/db/health";
import { logger } from "@/lib/logger";

export interface RecordCounts {
  patients: number;
  observations: number;
  medications: number;
  allergies: number;
  hl7Messages: number;
  emrConnections: number;
  users: number;
  auditEvents: number;
}

const TABLES: Record<keyof RecordCounts, string> = {
  patients: "patients",
  observations: "observations",
  medications: "medications",
  allergies: "allergies",
  hl7Messages: "hl7_messages",
  emrConnections: "emr_connections",
  users: "users",
  auditEvents: "audit_logs",
};

/** Above this many rows the planner's estimate is shown: an exact count of millions of rows takes seconds. */
const EXACT_COUNT_BELOW = 100_000;

/** The administrator's home page: how much is stored and whether the services behind Meridian answer. */
export interface SystemOverview {
  /** Null when PostgreSQL does not answer: the health figures below are what the reader needs then. */
  counts: RecordCounts | null;
  database: DatabaseHealth;
  cache: CacheHealth;
}

/**
 * Row counts of the main tables: exact for small tables, the statistics' estimate (pg_class.reltuples, kept
 * fresh by autovacuum) for large ones.
 */
export async function recordCounts(): Promise<RecordCounts> {
  const prisma = db();
  const estimates = await prisma.$queryRaw<{ table: string; estimate: number }[]>`
    SELECT relname AS table, reltuples::float8 AS estimate FROM pg_class
    WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname = ANY(${Object.values(TABLES)})`;
  const estimateOf = new Map(estimates.map((row) => [row.table, row.estimate]));
  const entries = await Promise.all(
    (Object.entries(TABLES) as [keyof RecordCounts, string][]).map(async ([key, table]) => {
      const estimate = estimateOf.get(table) ?? -1;
      if (estimate >= EXACT_COUNT_BELOW) return [key, Math.round(estimate)] as const;
      // The table name comes from the constant map above, never from input.
      const [row] = await prisma.$queryRawUnsafe<{ count: number }[]>(`SELECT count(*)::int AS count FROM "${table}"`);
      return [key, row?.count ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as RecordCounts;
}

async function countsOrNull(): Promise<RecordCounts | null> {
  try {
    return await recordCounts();
  } catch (error) {
    logger.error({ event: "stats.counts_failed", err: error }, "record counts unavailable");
    return null;
  }
}

/** Record counts, database pool and cache health: infrastructure figures, for dashboards:read only. */
export async function systemOverview(ctx: AuthContext): Promise<SystemOverview> {
  await assertCan(ctx, "dashboards:read");
  const [counts, database, cache] = await Promise.all([countsOrNull(), databaseHealth(), cacheHealth()]);
  return { counts, database, cache };
}
