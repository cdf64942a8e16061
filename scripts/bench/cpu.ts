import { readFileSync } from "node:fs";
import type pg from "pg";

// CPU time, not wall time, is what a cost ratio should compare on a machine others share: a scenario measured while
// another process runs loses throughput, but its CPU per request stays. Counted here: the node process doing the work
// (this one, or the production server a benchmark drives over HTTP) and the PostgreSQL server processes of the
// benchmark's database, read from /proc (Linux, database on this machine).

const MS_PER_CLOCK_TICK = 10; // USER_HZ is 100 on Linux

/** User + system CPU of one process in ms, or null when it is gone or not readable (another machine, not Linux). */
function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_CLOCK_TICK;
  } catch {
    return null;
  }
}

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface CpuSample {
  nodeMs: number;
  databaseMs: Map<number, number>;
}

/**
 * Reads the CPU used so far by the node process (this one, or `nodePid`) and by each server process connected to the
 * pool's database.
 */
export class CpuMeter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly nodePid?: number,
  ) {}

  async sample(): Promise<CpuSample> {
    const { rows } = await this.pool.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database()");
    const databaseMs = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== null) databaseMs.set(pid, ms);
    }
    return { nodeMs: this.nodePid === undefined ? ownCpuMs() : (processCpuMs(this.nodePid) ?? Number.NaN), databaseMs };
  }

  /** CPU ms between two samples; server processes that started or ended in between are left out. */
  static between(before: CpuSample, after: CpuSample): { nodeMs: number; databaseMs: number } {
    let databaseMs = 0;
    for (const [pid, ms] of after.databaseMs) {
      const earlier = before.databaseMs.get(pid);
      if (earlier !== undefined) databaseMs += ms - earlier;
    }
    return { nodeMs: after.nodeMs - before.nodeMs, databaseMs };
  }
}
