import { writeFileSync } from "node:fs";
import path from "node:path";
import { redisProcessGroup, waitFor, type RedisProcess, type RedisProcessGroup } from "@/lib/testing/redis-server";

// A real Sentinel deployment for a test: a master, one replica and three sentinels (quorum 2) in a temporary folder,
// with timings short enough that a failover takes a few seconds instead of the default half minute.

export const SENTINEL_MASTER_NAME = "mymaster";
const DOWN_AFTER_MS = 1_000;
const FAILOVER_TIMEOUT_MS = 2_000;

export interface RunningRedisSentinel {
  /** The two data servers: the first starts as the master, the second as its replica. */
  servers: [RedisProcess, RedisProcess];
  sentinels: RedisProcess[];
  /** REDIS_SENTINELS for this deployment. */
  sentinelList: string;
  /** The server the sentinels currently name as the master. */
  master(): Promise<RedisProcess>;
  /**
   * SENTINEL FAILOVER; resolves with the new master once every sentinel names it. The old master is still a master
   * then, accepting writes, until a sentinel's next INFO poll (up to 10 s) turns it into a replica: see resync().
   */
  failover(): Promise<RedisProcess>;
  /** Turns the old master into a replica of the current one at once, as the sentinels would, and waits for its sync. */
  resync(): Promise<void>;
  /** Kills the master (SIGKILL) and waits until every sentinel names the other server; resolves with it. */
  killMasterAndWaitForFailover(): Promise<RedisProcess>;
  stop(): Promise<void>;
}

/** SENTINEL MASTER's flat [name, value, …] reply as a record. */
function fieldsOf(reply: unknown): Record<string, string> {
  const list = Array.isArray(reply) ? reply.map(String) : [];
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < list.length; index += 2) fields[list[index] ?? ""] = list[index + 1] ?? "";
  return fields;
}

async function masterPortSeenBy(sentinel: RedisProcess): Promise<number> {
  const reply = await sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_MASTER_NAME);
  return Array.isArray(reply) ? Number(reply[1]) : 0;
}

function startSentinel(group: RedisProcessGroup, masterPort: number): Promise<RedisProcess> {
  return group.start((port) => {
    // A sentinel rewrites its own configuration file, so each gets one.
    const file = path.join(group.folder, `sentinel-${port}.conf`);
    const config = [
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${masterPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} ${DOWN_AFTER_MS}`,
      `sentinel failover-timeout ${SENTINEL_MASTER_NAME} ${FAILOVER_TIMEOUT_MS}`,
      `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
    ];
    writeFileSync(file, `${config.join("\n")}\n`);
    return [file, "--sentinel", "--port", String(port)];
  });
}

export async function startRedisSentinel(): Promise<RunningRedisSentinel> {
  const group = redisProcessGroup("meridian-redis-sentinel-");
  const data = ["--save", "", "--appendonly", "no"];
  try {
    const master = await group.start((port) => ["--port", String(port), ...data]);
    const replica = await group.start((port) => ["--port", String(port), "--replicaof", "127.0.0.1", String(master.port), ...data]);
    await waitFor("the replica's link to the master", async () => String(await replica.command("INFO", "replication")).includes("master_link_status:up"));
    const sentinels: RedisProcess[] = [];
    for (let index = 0; index < 3; index += 1) {
      sentinels.push(await startSentinel(group, master.port));
    }
    // A failover needs a majority of sentinels that know each other and the replica (found through the master).
    for (const sentinel of sentinels) {
      await waitFor("sentinels to find each other and the replica", async () => {
        const fields = fieldsOf(await sentinel.command("SENTINEL", "MASTER", SENTINEL_MASTER_NAME));
        return fields["num-other-sentinels"] === "2" && fields["num-slaves"] === "1";
      });
    }
    const servers: [RedisProcess, RedisProcess] = [master, replica];
    const current = async () => {
      const port = await masterPortSeenBy(sentinels[0] ?? master);
      return servers.find((server) => server.port === port) ?? master;
    };
    const other = (server: RedisProcess) => (server === master ? replica : master);
    /** Every sentinel names `next`, and it acts as a master. */
    const promoted = async (next: RedisProcess) => {
      for (const sentinel of sentinels) await waitFor("the failover", async () => (await masterPortSeenBy(sentinel)) === next.port, 20_000);
      await waitFor("the new master's role", async () => String(await next.command("ROLE")).startsWith("master"));
      return next;
    };
    return {
      servers,
      sentinels,
      sentinelList: sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(","),
      master: current,
      async failover() {
        const next = other(await current());
        await sentinels[0]?.command("SENTINEL", "FAILOVER", SENTINEL_MASTER_NAME);
        return promoted(next);
      },
      async resync() {
        const next = await current();
        const demoted = other(next);
        await demoted.command("REPLICAOF", "127.0.0.1", next.port);
        await waitFor("the old master's link to the new one", async () => String(await demoted.command("INFO", "replication")).includes("master_link_status:up"));
      },
      async killMasterAndWaitForFailover() {
        const dying = await current();
        await dying.kill();
        return promoted(other(dying));
      },
      stop: group.stop,
    };
  } catch (error) {
    await group.stop();
    throw error;
  }
}
