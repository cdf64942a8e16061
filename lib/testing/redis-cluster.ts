import { execFile } from "node:child_process";
import { promisify } from "node:util";
import getPort from "get-port";
import { redisProcessGroup, waitFor, type RedisProcess, type RedisProcessGroup } from "@/lib/testing/redis-server";

// A real three-master Redis Cluster (no replicas) for a test: three redis-server processes in a temporary folder,
// joined with `redis-cli --cluster create`, each master holding a third of the 16 384 slots.

export interface RunningRedisCluster {
  nodes: RedisProcess[];
  /** REDIS_CLUSTER_NODES for this cluster. */
  seedList: string;
  stop(): Promise<void>;
}

const run = promisify(execFile);

async function clusterNode(group: RedisProcessGroup): Promise<RedisProcess> {
  // The cluster bus port is given explicitly (cluster-port): the default, port + 10 000, may be taken.
  const busPort = await getPort({ host: "127.0.0.1" });
  return group.start((port) => [
    "--port", String(port), "--cluster-enabled", "yes", "--cluster-port", String(busPort), "--cluster-config-file", `nodes-${port}.conf`,
    "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no",
  ]);
}

export async function startRedisCluster(): Promise<RunningRedisCluster> {
  const group = redisProcessGroup("meridian-redis-cluster-");
  const nodes: RedisProcess[] = [];
  try {
    for (let index = 0; index < 3; index += 1) nodes.push(await clusterNode(group));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run("redis-cli", ["--cluster", "create", ...addresses, "--cluster-replicas", "0", "--cluster-yes"], { timeout: 20_000 });
    for (const node of nodes) {
      await waitFor(`cluster_state:ok on ${node.port}`, async () => String(await node.command("CLUSTER", "INFO")).includes("cluster_state:ok"));
    }
    return { nodes, seedList: addresses.join(","), stop: group.stop };
  } catch (error) {
    await group.stop();
    throw error;
  }
}
