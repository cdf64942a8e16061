import type { ConnectionOptions } from "node:tls";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { RedisNodeList } from "@/lib/cache/redis-topology";

/** Where the cache lives: one server (REDIS_URL), a Redis Cluster, or the master a set of Sentinels points at. */
export type RedisEndpoint =
  | { url: string; cluster?: never; sentinel?: never }
  | { cluster: RedisNodeList; url?: never; sentinel?: never }
  | { sentinel: SentinelEndpoint; url?: never; cluster?: never };

export interface SentinelEndpoint {
  sentinels: RedisNodeList;
  /** The master group name the sentinels monitor (REDIS_SENTINEL_MASTER_NAME). */
  masterName: string;
  /** The master's (and its replicas') password; the sentinels' own credentials are in `sentinels`. */
  masterPassword?: string;
}

export interface ClientSettings {
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** node:tls options (a private CA) for TLS connections. */
  tls?: ConnectionOptions;
}

/** Keep trying, at most every 2 s, so the cache comes back soon after Redis does. */
const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 2_000);

function commonOptions(settings: ClientSettings): RedisOptions {
  return {
    // RESP2: replies have the same shapes on every Redis-compatible server and proxy, with no HELLO round trip.
    // (hgetall returns a plain object under both protocols; checked with ioredis 6.0.0.)
    protocol: 2,
    // Do not replay a command after a reconnect; the caller has already fallen back to the database.
    maxRetriesPerRequest: 0,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    connectionName: "meridian-cache",
  };
}

/** A READONLY reply: this connection reached a master that a failover has since turned into a replica. */
function isReadOnlyReply(error: Error): boolean {
  return error.message.startsWith("READONLY");
}

/** The ioredis client for an endpoint, configured so a command fails fast instead of waiting for Redis to return. */
export function createRedisClient(endpoint: RedisEndpoint, settings: ClientSettings): Redis | Cluster {
  const tls = settings.tls ?? {};
  if (endpoint.cluster) {
    const { nodes, username, password } = endpoint.cluster;
    return new Cluster(nodes, {
      // "Cluster isn't ready" at once, rather than queueing, while the slot map is unknown.
      enableOfflineQueue: false,
      clusterRetryStrategy: reconnectDelay,
      redisOptions: {
        ...commonOptions(settings),
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
        ...(endpoint.cluster.tls ? { tls } : {}),
      },
    });
  }
  if (endpoint.sentinel) {
    const { sentinels, masterName, masterPassword } = endpoint.sentinel;
    return new Redis({
      ...commonOptions(settings),
      sentinels: sentinels.nodes,
      name: masterName,
      ...(sentinels.username ? { sentinelUsername: sentinels.username } : {}),
      ...(sentinels.password ? { sentinelPassword: sentinels.password } : {}),
      ...(masterPassword ? { password: masterPassword } : {}),
      ...(sentinels.tls ? { enableTLSForSentinelMode: true, sentinelTLS: tls, tls } : {}),
      enableOfflineQueue: false,
      retryStrategy: reconnectDelay,
      sentinelCommandTimeout: settings.connectTimeoutMs,
      // Reconnect as soon as a sentinel announces a new master (+switch-master), not at the next failed command.
      failoverDetector: true,
      // A demoted master answers writes with READONLY: drop that connection (the command fails, the caller falls
      // back), and the reconnect asks the sentinels for the new master.
      reconnectOnError: (error) => (isReadOnlyReply(error) ? 1 : false),
    });
  }
  return new Redis(endpoint.url, {
    ...commonOptions(settings),
    // Fail at once while disconnected instead of queueing: a cache read that waits is worse than a miss.
    enableOfflineQueue: false,
    retryStrategy: reconnectDelay,
    lazyConnect: false,
    ...(settings.tls ? { tls: settings.tls } : {}),
  });
}
