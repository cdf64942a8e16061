import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globToRegExp } from "@/lib/cache/glob";

// MemoryStore matches keys with globToRegExp; this checks it against Redis' own SCAN MATCH on the same keys.

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// Letters only, so the prefix can be used in patterns without escaping.
const PREFIX = `globtest${randomUUID().replaceAll("-", "")}:`;
const KEYS = ["a", "b", "ab", "abc", "a*b", "a?b", "a]b", "a[b", "a\\b", "x-y", "hello", "hallo", "hxllo", "h\nllo", "z", "-", "^"];
const PATTERNS = ["*", "a*", "a?", "a??", "*b", "a\\*b", "a[*]b", "a[?]b", "a[]]b", "a[\\]]b", "a[\\[]b", "a\\\\b", "h[ae]llo", "h[^e]llo", "h[a-e]llo", "h[e-a]llo", "h?llo", "[^a]*", "[a-]", "[ab", "[-]", "[\\^]", "[^]", "x-y", "*\\"];

describe("glob parity with Redis", () => {
  const redis = new Redis(REDIS_URL, { protocol: 2 });

  beforeAll(async () => {
    await redis.mset(Object.fromEntries(KEYS.map((key) => [PREFIX + key, "1"])));
  });

  afterAll(async () => {
    await redis.del(...KEYS.map((key) => PREFIX + key));
    redis.disconnect();
  });

  it.each(PATTERNS)("%j selects the same keys", async (pattern) => {
    const fromRedis = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", PREFIX + pattern, "COUNT", 1000);
      cursor = next;
      for (const key of keys) fromRedis.add(key.slice(PREFIX.length));
    } while (cursor !== "0");
    const regexp = globToRegExp(PREFIX + pattern);
    const fromMemory = KEYS.filter((key) => regexp.test(PREFIX + key));
    expect(fromMemory.sort()).toEqual([...fromRedis].sort());
  });
});
