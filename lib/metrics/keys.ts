// Where instance samples live in Redis (under REDIS_KEY_PREFIX): the latest of every instance, one field each of one
// hash (read with one HGETALL, not a SCAN of the whole keyspace, which grows with the cache), and a per-minute history.

/** A sample older than this is an instance that stopped. */
export const INSTANCE_TTL_SECONDS = 30;
export const HISTORY_MINUTES = 24 * 60;

export const INSTANCES_KEY = "metrics:instances";
export const historyKey = (instanceId: string) => `metrics:history:${instanceId}`;

/** The history field of a moment: its UTC minute. */
export function historyField(at: Date): string {
  return at.toISOString().slice(0, 16);
}
