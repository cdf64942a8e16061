// Response times are counted per fixed bucket (upper bounds in ms; the last bucket is everything slower), so that
// counts from several processes and hours add up exactly and a percentile can be read from their sum.

export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 75, 100, 150, 250, 400, 600, 1000, 1500, 2500, 5000, 10_000, 30_000] as const;

/** Index of the bucket a response time falls in (LATENCY_BUCKETS_MS.length for slower than the last bound). */
export function latencyBucketOf(elapsedMs: number): number {
  const index = LATENCY_BUCKETS_MS.findIndex((bound) => elapsedMs <= bound);
  return index === -1 ? LATENCY_BUCKETS_MS.length : index;
}

/** Element-wise sum of bucket counts of different lengths (missing buckets count 0). */
export function addBuckets(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

/**
 * The upper bound of the bucket holding the given percentile (0–1), i.e. "p95 ≤ this"; null without data. The
 * overflow bucket reports the last bound.
 */
export function percentileFromBuckets(buckets: readonly number[], percentile: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total * percentile);
  let seen = 0;
  for (const [index, count] of buckets.entries()) {
    seen += count;
    if (seen >= rank) return LATENCY_BUCKETS_MS[Math.min(index, LATENCY_BUCKETS_MS.length - 1)] ?? null;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] ?? null;
}
