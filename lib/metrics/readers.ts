import "server-only";
import { cache } from "@/lib/cache";
import { historyKey, INSTANCE_PATTERN } from "@/lib/metrics/keys";
import type { InstanceSample } from "@/lib/metrics/types";

/**
 * Every instance that published in the last 30 seconds; null when none can be read — Redis down or not configured
 * (the reading process publishes too, so an empty list means the samples are unreachable, not that none run).
 */
export async function listInstances(): Promise<InstanceSample[] | null> {
  const shared = cache();
  if (shared.backend !== "redis") return null;
  const keys = await shared.keys(INSTANCE_PATTERN);
  if (keys.length === 0) return null;
  const samples = await Promise.all(keys.map((key) => shared.get<InstanceSample>(key)));
  return samples.filter((sample): sample is InstanceSample => sample !== null).toSorted((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/** One instance's per-minute samples since `sinceMs` (epoch ms), oldest first. */
export async function instanceHistory(instanceId: string, sinceMs: number): Promise<InstanceSample[]> {
  const entries = await cache().hgetall<InstanceSample>(historyKey(instanceId));
  return Object.values(entries)
    .filter((sample) => Date.parse(sample.sampledAt) >= sinceMs)
    .toSorted((a, b) => a.sampledAt.localeCompare(b.sampledAt));
}
