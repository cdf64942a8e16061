import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { cache } from "@/lib/cache";
import { dbPool } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { historyKey, historyField, HISTORY_MINUTES, INSTANCES_KEY, INSTANCE_TTL_SECONDS } from "@/lib/metrics/keys";
import type { InstanceKind, InstanceSample } from "@/lib/metrics/types";

// Pool and cache figures belong to a process: each web, MLLP and worker process publishes its own every few
// seconds under its instance id, with a TTL (an instance that stops disappears), and once a minute into its 24-hour
// history. Publishing never blocks or fails the process: with Redis down the sample is simply not shared.

const PUBLISH_EVERY_MS = 5_000;

async function roundTripMs(): Promise<number | null> {
  const started = performance.now();
  try {
    await dbPool().query("SELECT 1");
    return Math.round((performance.now() - started) * 100) / 100;
  } catch {
    return null;
  }
}

export function startInstanceMetrics(kind: InstanceKind): { instanceId: string; stop(): void } {
  const instanceId = `${kind}:${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const startedAt = new Date().toISOString();
  let lastMinute = "";
  const publish = async () => {
    const now = new Date();
    const sample: InstanceSample = {
      instanceId,
      kind,
      hostname: hostname(),
      pid: process.pid,
      startedAt,
      sampledAt: now.toISOString(),
      pool: dbPool().stats(),
      databaseLatencyMs: await roundTripMs(),
      cache: cache().stats(),
    };
    await cache().hset(INSTANCES_KEY, instanceId, sample);
    // The hash outlives its last writer by a while; readers drop the samples of instances that stopped.
    await cache().expire(INSTANCES_KEY, 2 * INSTANCE_TTL_SECONDS);
    const minute = historyField(now);
    if (minute === lastMinute) return;
    lastMinute = minute;
    const history = historyKey(instanceId);
    await cache().hset(history, minute, sample);
    await cache().hdel(history, historyField(new Date(now.getTime() - HISTORY_MINUTES * 60_000)));
    await cache().expire(history, HISTORY_MINUTES * 60);
  };
  const tick = () => {
    publish().catch((error: unknown) => logger.debug({ err: error }, "instance metrics not published"));
  };
  tick();
  const timer = setInterval(tick, PUBLISH_EVERY_MS);
  timer.unref();
  return { instanceId, stop: () => clearInterval(timer) };
}
