import "server-only";
import { cache } from "@/lib/cache";
import { historyKey, INSTANCES_KEY, INSTANCE_TTL_SECONDS } from "@/lib/metrics/keys";
import type { InstanceSample } from "@/lib/metrics/types";

/**
 * Every instance that published in the last INSTANCE_TTL_SECONDS; null when none can be read — Redis down or not
 * configured (the reading process publishes too, so an empty list means the samples are unreachable, not that none
 * run). Samples of instances that stopped are dropped from the hash on the way.
 */
export async function listInstances(): Promise<InstanceSample[] | null> {
  const shared = cache();
  if (shared.backend !== "redis") return null;
  const samples = Object.values(await shared.hgetall<InstanceSample>(INSTANCES_KEY));
  const oldest = Date.now() - INSTANCE_TTL_SECONDS * 1000;
  const stopped = samples.filter((sample) => Date.parse(sample.sampledAt) < oldest).map((sample) => sample.instanceId);
  if (stopped.length > 0) await shared.hdel(INSTANCES_KEY, stopped);
  const live = samples.filter((sample) => Date.parse(sample.sampledAt) >= oldest);
  return live.length === 0 ? null : live.toSorted((a, b) => a.instanceId.localeCompare(b.instanceId));
}

/** One instance's per-minute samples since `sinceMs` (epoch ms), oldest first. */
export async function instanceHistory(instanceId: string, sinceMs: number): Promise<InstanceSample[]> {
  const entries = await cache().hgetall<InstanceSample>(historyKey(instanceId));
  return Object.values(entries)
    .filter((sample) => Date.parse(sample.sampledAt) >= sinceMs)
    .toSorted((a, b) => a.sampledAt.localeCompare(b.sampledAt));
}
