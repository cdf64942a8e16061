// Where instance samples live in Redis (under REDIS_KEY_PREFIX): the latest per instance, and a per-minute history.

export const INSTANCE_TTL_SECONDS = 30;
export const HISTORY_MINUTES = 24 * 60;

export const instanceKey = (instanceId: string) => `metrics:instance:${instanceId}`;
export const INSTANCE_PATTERN = "metrics:instance:*";
export const historyKey = (instanceId: string) => `metrics:history:${instanceId}`;

/** The history field of a moment: its UTC minute. */
export function historyField(at: Date): string {
  return at.toISOString().slice(0, 16);
}
