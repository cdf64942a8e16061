import "server-only";
import { hostname } from "node:os";
import { dbPool } from "@/lib/db/client";
import { logger } from "@/lib/logger";

// Each worker process's own sign of life, in PostgreSQL (readiness and the dashboards read it without Redis).

const BEAT_EVERY_MS = 15_000;
export const HEARTBEAT_STALE_MS = 60_000;

export interface Heartbeat {
  stop(): Promise<void>;
}

export async function startHeartbeat(instanceId: string): Promise<Heartbeat> {
  const startedAt = new Date();
  const beat = () =>
    dbPool().query(
      `INSERT INTO worker_heartbeats (instance_id, hostname, pid, started_at, beat_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (instance_id) DO UPDATE SET beat_at = now()`,
      [instanceId, hostname(), process.pid, startedAt],
    );
  await beat();
  const timer = setInterval(() => {
    beat().catch((error: unknown) => logger.warn({ err: error }, "worker heartbeat not written"));
  }, BEAT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await dbPool().query("DELETE FROM worker_heartbeats WHERE instance_id = $1", [instanceId]);
    },
  };
}

export interface WorkerStatus {
  /** The newest heartbeat of any worker; null when none ever beat. */
  lastBeatAt: Date | null;
  workers: number;
  stale: boolean;
}

export async function workerStatus(): Promise<WorkerStatus> {
  const { rows } = await dbPool().query<{ last: Date | null; alive: string }>(
    "SELECT max(beat_at) AS last, count(*) FILTER (WHERE beat_at > now() - $1 * interval '1 millisecond') AS alive FROM worker_heartbeats",
    [HEARTBEAT_STALE_MS],
  );
  const last = rows[0]?.last ?? null;
  return { lastBeatAt: last, workers: Number(rows[0]?.alive ?? 0), stale: last === null || Date.now() - last.getTime() > HEARTBEAT_STALE_MS };
}
