import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { InstrumentedPool, poolConfig } from "@/lib/db/pool";
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
}

// Kept on globalThis so that Next's hot reload in development does not open a new pool on every edit.
const holder = globalThis as typeof globalThis & { meridianDatabase?: Database };

function createDatabase(): Database {
  const pool = new InstrumentedPool(poolConfig(env()));
  return { pool, prisma: createClient(pool) };
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

export async function disconnectDb(): Promise<void> {
  const current = holder.meridianDatabase;
  if (!current) return;
  holder.meridianDatabase = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
}
