import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { InstrumentedPool, poolConfig } from "@/lib/db/pool";
import { ReplicaSet } from "@/lib/db/replicas";
import { RetryingAdapterFactory } from "@/lib/db/retrying-adapter";

function createClient(pool: InstrumentedPool) {
  return new PrismaClient({
    adapter: new RetryingAdapterFactory(new PrismaPg(pool)),
    omit: { user: { passwordHash: true }, apiKey: { secretHash: true }, eMRConnection: { credentialsEncrypted: true } },
  });
}

export type AppPrismaClient = ReturnType<typeof createClient>;

interface Database {
  pool: InstrumentedPool;
  prisma: AppPrismaClient;
  /** DATABASE_REPLICA_URLS' pools; null without replicas. */
  replicas: ReplicaSet | null;
}

// Kept on globalThis so that Next's hot reload in development does not open a new pool on every edit.
const holder = globalThis as typeof globalThis & { meridianDatabase?: Database };

function createDatabase(): Database {
  const config = env();
  const pool = new InstrumentedPool(poolConfig(config));
  return { pool, prisma: createClient(pool), replicas: config.DATABASE_REPLICA_URLS.length > 0 ? new ReplicaSet(config) : null };
}

function database(): Database {
  holder.meridianDatabase ??= createDatabase();
  return holder.meridianDatabase;
}

/** The one Prisma client of the process. Secrets are omitted unless a query asks for them explicitly. */
export function db(): AppPrismaClient {
  return database().prisma;
}

export function dbPool(): InstrumentedPool {
  return database().pool;
}

/** The read replicas, or null when DATABASE_REPLICA_URLS is empty (every read on the primary). */
export function dbReplicas(): ReplicaSet | null {
  return database().replicas;
}

export async function disconnectDb(): Promise<void> {
  const current = holder.meridianDatabase;
  if (!current) return;
  holder.meridianDatabase = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
  await current.replicas?.end();
}
