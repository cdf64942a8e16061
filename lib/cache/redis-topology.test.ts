import { describe, expect, it } from "vitest";
import { redisNodeList, redisSettingIssues } from "@/lib/cache/redis-topology";
import { parseEnv } from "@/lib/env";

const base = { DATABASE_URL: "postgresql://localhost/meridian", ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64") };

describe("REDIS_CLUSTER_NODES / REDIS_SENTINELS", () => {
  it("reads host:port entries, a default port, IPv6 and URLs with credentials", () => {
    expect(redisNodeList(6379).parse(" a:7000, b ,[::1]:7002")).toEqual({ nodes: [{ host: "a", port: 7000 }, { host: "b", port: 6379 }, { host: "::1", port: 7002 }], tls: false });
    expect(redisNodeList(26379).parse("rediss://u:p%40ss@s1,rediss://u:p%40ss@s2:26380")).toEqual({
      nodes: [{ host: "s1", port: 26379 }, { host: "s2", port: 26380 }],
      tls: true,
      username: "u",
      password: "p@ss",
    });
  });

  it("refuses an empty list, other schemes, and entries that disagree on TLS or credentials", () => {
    expect(redisNodeList(6379).safeParse(" , ").success).toBe(false);
    expect(redisNodeList(6379).safeParse("http://a:1").success).toBe(false);
    expect(redisNodeList(6379).safeParse("redis://a:1,rediss://b:1").success).toBe(false);
    expect(redisNodeList(6379).safeParse("redis://:x@a:1,redis://:y@b:1").success).toBe(false);
  });

  it("allows one way to reach Redis, and a CA file only with TLS", () => {
    const cluster = redisNodeList(6379).parse("a:1");
    expect(redisSettingIssues({ REDIS_URL: "redis://a", REDIS_CLUSTER_NODES: cluster })[0]?.message).toContain("set only one of");
    expect(redisSettingIssues({ REDIS_CLUSTER_NODES: cluster, REDIS_TLS_CA_FILE: "/ca.pem" })[0]?.path).toEqual(["REDIS_TLS_CA_FILE"]);
    expect(redisSettingIssues({ REDIS_CLUSTER_NODES: redisNodeList(6379).parse("rediss://a:1"), REDIS_TLS_CA_FILE: "/ca.pem" })).toEqual([]);
  });

  it("is part of the validated environment, with the sentinel master name defaulting to mymaster", () => {
    const env = parseEnv({ ...base, REDIS_SENTINELS: "s1:26379,s2:26379" });
    expect(env.REDIS_SENTINELS?.nodes).toHaveLength(2);
    expect(env.REDIS_SENTINEL_MASTER_NAME).toBe("mymaster");
    expect(() => parseEnv({ ...base, REDIS_URL: "redis://a:6379", REDIS_SENTINELS: "s1" })).toThrow(/REDIS_SENTINELS: set only one of/);
  });
});
