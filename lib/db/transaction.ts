import "server-only";
import { db, type AppPrismaClient } from "@/lib/db/client";

/** The client inside a transaction (same shape Prisma gives interactive transactions, with our global omits). */
export type Tx = Omit<AppPrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Runs `work` in one transaction: a read or write and its audit row commit or fail together. */
export function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction((tx) => work(tx));
}
