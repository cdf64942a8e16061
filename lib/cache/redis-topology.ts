import { z } from "zod";

// REDIS_CLUSTER_NODES and REDIS_SENTINELS: comma-separated `host:port` entries, or redis:// / rediss:// URLs with the
// credentials (and TLS) of those servers, the way REDIS_URL carries them. Parsed here and used by lib/env.ts.

export interface RedisAddress {
  host: string;
  port: number;
}

/** Servers of one deployment (cluster seed nodes, or sentinels): addresses plus what every entry shares. */
export interface RedisNodeList {
  nodes: RedisAddress[];
  tls: boolean;
  username?: string;
  password?: string;
}

function entryUrl(entry: string): URL | null {
  try {
    const url = new URL(entry.includes("://") ? entry : `redis://${entry}`);
    return url.protocol === "redis:" || url.protocol === "rediss:" ? url : null;
  } catch {
    return null;
  }
}

/** A zod schema for a node list whose entries default to `defaultPort` (6379 for cluster nodes, 26379 for sentinels). */
export function redisNodeList(defaultPort: number) {
  return z.string().transform((value, ctx): RedisNodeList => {
    const urls: URL[] = [];
    for (const entry of value.split(",").map((part) => part.trim()).filter(Boolean)) {
      const url = entryUrl(entry);
      if (!url || url.hostname === "") ctx.addIssue({ code: "custom", message: `"${entry.replace(/\/\/[^@]*@/, "//…@")}" is not host:port or a redis:// URL` });
      else urls.push(url);
    }
    const [first] = urls;
    if (!first) {
      ctx.addIssue({ code: "custom", message: "lists no server" });
      return z.NEVER;
    }
    // One deployment: a mix of TLS and plain, or of credentials, is a typo that would fail on some nodes only.
    if (urls.some((url) => url.protocol !== first.protocol || url.username !== first.username || url.password !== first.password)) {
      ctx.addIssue({ code: "custom", message: "every entry must use the same scheme (redis:// or rediss://) and credentials" });
    }
    return {
      nodes: urls.map((url) => ({ host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port ? Number(url.port) : defaultPort })),
      tls: first.protocol === "rediss:",
      ...(first.username ? { username: decodeURIComponent(first.username) } : {}),
      ...(first.password ? { password: decodeURIComponent(first.password) } : {}),
    };
  });
}

export interface RedisSettings {
  REDIS_URL?: string;
  REDIS_CLUSTER_NODES?: RedisNodeList;
  REDIS_SENTINELS?: RedisNodeList;
  REDIS_TLS_CA_FILE?: string;
}

/** Whether the configured Redis (one server, a cluster or a sentinel-managed master) is reached over TLS. */
export function redisUsesTls(settings: RedisSettings): boolean {
  return settings.REDIS_URL?.startsWith("rediss://") === true || settings.REDIS_CLUSTER_NODES?.tls === true || settings.REDIS_SENTINELS?.tls === true;
}

/** Settings that contradict each other, as lib/env.ts reports them. */
export function redisSettingIssues(settings: RedisSettings): { path: string[]; message: string }[] {
  const chosen = (["REDIS_URL", "REDIS_CLUSTER_NODES", "REDIS_SENTINELS"] as const).filter((name) => settings[name] !== undefined);
  if (chosen.length > 1) return [{ path: [chosen[1] ?? ""], message: `set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS (found ${chosen.join(" and ")})` }];
  if (settings.REDIS_TLS_CA_FILE && !redisUsesTls(settings)) return [{ path: ["REDIS_TLS_CA_FILE"], message: "only used with a rediss:// REDIS_URL (or rediss:// cluster nodes or sentinels)" }];
  return [];
}
