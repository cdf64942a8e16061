import "server-only";
import type { Actor } from "@/lib/audit/context";
import { cache } from "@/lib/cache";
import { dbPool, dbReplicas } from "@/lib/db/client";
import { parseLsn, STATUS_MAX_AGE_MS } from "@/lib/db/replicas";
import { env } from "@/lib/env";

// Read-your-writes with replicas: after an actor's write commits, the primary's WAL position is kept for that actor
// in the shared cache (so every instance sees it), and that actor's reads go to a replica only once the replica has
// replayed up to it (lib/db/replicas.ts). Other actors' reads are not held back by it.

/** Nothing has been written by this actor lately: any replica within the lag limit will do. */
const NOTHING_WRITTEN = 0n;
/** Where the write reached could not be read: the actor's reads stay on the primary while the mark lives. */
const UNKNOWN_POSITION = "FFFFFFFF/FFFFFFFF";

function markKey(actor: Actor): string | null {
  return actor.id === null ? null : `db:written:${actor.kind}:${actor.id}`;
}

/**
 * How long a mark is kept. A replica serves only while at most DATABASE_REPLICA_MAX_LAG_MS behind (as of its last
 * status, at most STATUS_MAX_AGE_MS old), so once that much time has passed since the write, every replica that
 * may serve has replayed it and the mark has nothing left to say.
 */
function markTtlSeconds(): number {
  return Math.max(5, Math.ceil((2 * env().DATABASE_REPLICA_MAX_LAG_MS + STATUS_MAX_AGE_MS) / 1000));
}

/**
 * Call after a write of `actor` has committed (never inside its transaction): their next reads see it. Never
 * throws, since the write has happened; a primary that cannot say where it is keeps the actor's reads on it.
 */
export async function rememberWrite(actor: Actor): Promise<void> {
  const key = markKey(actor);
  if (!dbReplicas() || key === null) return;
  const position = await dbPool()
    .query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")
    .then(({ rows }) => rows[0]?.lsn ?? UNKNOWN_POSITION, () => UNKNOWN_POSITION);
  // A cache that is down now is very likely down for the read too, which then goes to the primary.
  await cache().set(key, position, markTtlSeconds()).catch(() => false);
}

/**
 * The WAL position a replica must have replayed to serve this actor, or null when it cannot be known (the cache
 * is unavailable): the read then goes to the primary.
 */
export async function positionToRead(actor: Actor): Promise<bigint | null> {
  const key = markKey(actor);
  if (key === null) return NOTHING_WRITTEN;
  const manager = cache();
  // get() answers a miss and an unavailable cache alike (null); the manager counts the latter as a fallback.
  // A fallback of a concurrent request counted meanwhile only sends this read to the primary as well.
  const fallbacksBefore = manager.stats().fallbacks;
  const mark = await manager.get<string>(key);
  if (manager.stats().fallbacks !== fallbacksBefore) return null;
  if (typeof mark !== "string") return NOTHING_WRITTEN;
  try {
    return parseLsn(mark);
  } catch {
    return null;
  }
}
