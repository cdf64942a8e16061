import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { isConnectionFailure } from "@/lib/db/connection-failure";

// A connection the server ended a moment ago can still be idle in the pool when a query takes it: its notice
// arrives in the same turn of the event loop (a restart, `pg_terminate_backend`). Prisma would report that as the
// query's failure, and a session lookup that fails reads as "signed out". Work that cannot have happened yet runs
// again once on a fresh connection; by then the pool knows a connection died and pings the others before use.

/** Statements that only read, so running them twice is harmless (Prisma's reads, health checks). */
const READ_ONLY = /^\s*(SELECT|SHOW)\b/i;

async function onceMore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    return work();
  }
}

function retrying(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    // Outside a transaction: a read is retried, a write is not (it may have committed before the connection died).
    queryRaw: (query) => (READ_ONLY.test(query.sql) ? onceMore(() => adapter.queryRaw(query)) : adapter.queryRaw(query)),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    // A transaction whose BEGIN failed has done nothing yet. Statements inside a transaction are never retried.
    startTransaction: (isolationLevel) => onceMore(() => adapter.startTransaction(isolationLevel)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

/** Prisma driver adapter factory that wraps another (PrismaPg) with the retries above. */
export class RetryingAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory["provider"];
  readonly adapterName: string;

  constructor(private readonly inner: SqlDriverAdapterFactory) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return retrying(await this.inner.connect());
  }
}
