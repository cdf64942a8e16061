import { describe, expect, it } from "vitest";
import { addBuckets, LATENCY_BUCKETS_MS, latencyBucketOf, percentileFromBuckets } from "@/lib/connections/latency";

describe("latency buckets", () => {
  it("puts a response time in the first bucket whose bound holds it", () => {
    expect(latencyBucketOf(0)).toBe(0);
    expect(latencyBucketOf(5)).toBe(0);
    expect(latencyBucketOf(5.1)).toBe(1);
    expect(latencyBucketOf(99)).toBe(5);
    expect(latencyBucketOf(60_000)).toBe(LATENCY_BUCKETS_MS.length);
  });

  it("adds counts of different lengths", () => {
    expect(addBuckets([1, 2], [0, 1, 5])).toEqual([1, 3, 5]);
  });

  it("reads a percentile as the bound of the bucket that holds it", () => {
    expect(percentileFromBuckets([], 0.95)).toBeNull();
    const buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    buckets[2] = 94; // 94 responses ≤ 25 ms
    buckets[7] = 6; // 6 responses ≤ 250 ms
    expect(percentileFromBuckets(buckets, 0.94)).toBe(25);
    expect(percentileFromBuckets(buckets, 0.95)).toBe(250);
    expect(percentileFromBuckets([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3], 0.5)).toBe(30_000);
  });
});
