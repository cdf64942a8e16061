import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CacheManager } from "@/lib/cache/cache-manager";
import { CacheCommandError } from "@/lib/cache/errors";
import { cacheKeys } from "@/lib/cache/keys";

// The behaviour every backend must have. cache-manager.test.ts runs it on MemoryStore and
// cache-manager.int.test.ts on a real Redis, so the zero-config demo cannot drift from production.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeCacheManagerContract(name: string, create: () => Promise<CacheManager>): void {
  describe(`CacheManager on ${name}`, () => {
    let cache: CacheManager;

    beforeAll(async () => {
      cache = await create();
    });

    afterAll(async () => {
      // The store is scoped to a unique prefix, so "*" removes this file's keys only.
      await cache.deletePattern("*");
      await cache.close();
    });

    describe("get / set", () => {
      it("round-trips JSON values, Dates included, and counts hits and misses", async () => {
        const before = cache.stats();
        const patient = {
          id: "p1",
          name: { given: ["Ana", "Maria"], family: "Silva" },
          birthDate: new Date("1980-01-02T03:04:05.678Z"),
          deceased: false,
          weightKg: 61.5,
          notes: null,
          encounters: [{ at: new Date("2024-05-06T07:08:09.000Z"), kind: "visit" }],
        };
        expect(await cache.set("rt:patient", patient)).toBe(true);
        const back = await cache.get<typeof patient>("rt:patient");
        expect(back).toEqual(patient);
        expect(back?.birthDate).toBeInstanceOf(Date);
        expect(back?.encounters[0]?.at).toBeInstanceOf(Date);
        expect(await cache.get("rt:missing")).toBeNull();
        const after = cache.stats();
        expect(after.hits - before.hits).toBe(1);
        expect(after.misses - before.misses).toBe(1);
      });

      it("stores scalars and a top-level Date", async () => {
        const date = new Date("2000-02-29T12:00:00.000Z");
        for (const [key, value] of [["rt:string", "text"], ["rt:number", 42], ["rt:true", true], ["rt:array", [1, "two"]], ["rt:date", date]] as const) {
          await cache.set(key, value);
          expect(await cache.get(key)).toEqual(value);
        }
        expect(await cache.get("rt:date")).toBeInstanceOf(Date);
      });

      it("uses the default TTL when none is given", async () => {
        await cache.set("ttl:default", 1);
        const ttl = await cache.ttl("ttl:default");
        expect(ttl).toBeGreaterThan(cache.defaultTtlSeconds - 2);
        expect(ttl).toBeLessThanOrEqual(cache.defaultTtlSeconds);
      });

      it("expires a value after its TTL", async () => {
        await cache.set("ttl:short", "soon gone", 0.3);
        expect(await cache.get("ttl:short")).toBe("soon gone");
        await sleep(450);
        expect(await cache.get("ttl:short")).toBeNull();
        expect(await cache.exists("ttl:short")).toBe(false);
      });

      it("replaces a key of another type", async () => {
        await cache.hset("rt:was-hash", "f", 1);
        await cache.set("rt:was-hash", "now a string");
        expect(await cache.get("rt:was-hash")).toBe("now a string");
      });

      it("rejects a TTL that is not positive and a value JSON cannot hold", async () => {
        await expect(cache.set("bad:ttl", 1, 0)).rejects.toThrow(RangeError);
        await expect(cache.set("bad:ttl", 1, -5)).rejects.toThrow(RangeError);
        await expect(cache.set("bad:value", undefined)).rejects.toThrow(TypeError);
        await expect(cache.set("bad:value", 10n)).rejects.toThrow(TypeError);
      });
    });

    describe("delete / exists / expire / ttl", () => {
      it("deletes one key or many, existing or not", async () => {
        await cache.set("del:a", 1);
        await cache.set("del:b", 2);
        await cache.set("del:c", 3);
        expect(await cache.exists("del:a")).toBe(true);
        expect(await cache.delete("del:a")).toBe(true);
        expect(await cache.exists("del:a")).toBe(false);
        expect(await cache.delete(["del:b", "del:c", "del:never"])).toBe(true);
        expect(await cache.exists("del:b")).toBe(false);
        expect(await cache.exists("del:c")).toBe(false);
        expect(await cache.delete([])).toBe(true);
      });

      it("reports -1 without expiry and -2 for a missing key", async () => {
        await cache.sadd("ttl:none", "x");
        expect(await cache.ttl("ttl:none")).toBe(-1);
        expect(await cache.ttl("ttl:missing")).toBe(-2);
      });

      it("sets a TTL with expire and the key is gone after it", async () => {
        expect(await cache.expire("exp:missing", 1)).toBe(false);
        await cache.rpush("exp:list", "a");
        expect(await cache.expire("exp:list", 1)).toBe(true);
        expect(await cache.ttl("exp:list")).toBe(1);
        await sleep(1_100);
        expect(await cache.exists("exp:list")).toBe(false);
        expect(await cache.llen("exp:list")).toBe(0);
        expect(await cache.ttl("exp:list")).toBe(-2);
      });

      it("rejects a non-positive expire (use delete)", async () => {
        await expect(cache.expire("exp:any", 0)).rejects.toThrow(RangeError);
      });
    });

    describe("counters", () => {
      it("increments and decrements by one or by n from zero", async () => {
        expect(await cache.increment("cnt:a")).toBe(1);
        expect(await cache.increment("cnt:a", 5)).toBe(6);
        expect(await cache.decrement("cnt:a")).toBe(5);
        expect(await cache.decrement("cnt:a", 10)).toBe(-5);
        expect(await cache.decrement("cnt:new", 3)).toBe(-3);
        expect(await cache.get("cnt:a")).toBe(-5);
      });

      it("continues a counter written with set", async () => {
        await cache.set("cnt:set", 41);
        expect(await cache.increment("cnt:set")).toBe(42);
        expect(await cache.ttl("cnt:set")).toBeGreaterThan(0);
      });

      it("gives a new counter a TTL once, so the window does not slide", async () => {
        expect(await cache.increment("cnt:window", 1, 100)).toBe(1);
        await cache.expire("cnt:window", 50);
        expect(await cache.increment("cnt:window", 1, 100)).toBe(2);
        const ttl = await cache.ttl("cnt:window");
        expect(ttl).toBeLessThanOrEqual(50);
        expect(ttl).toBeGreaterThan(45);
        await cache.increment("cnt:window-expiry", 1, 0.3);
        await sleep(450);
        expect(await cache.increment("cnt:window-expiry", 1, 0.3)).toBe(1);
      });

      it("refuses non-integer steps and non-integer values", async () => {
        await expect(cache.increment("cnt:bad", 1.5)).rejects.toThrow(RangeError);
        await cache.set("cnt:text", "abc");
        await expect(cache.increment("cnt:text")).rejects.toThrow(CacheCommandError);
        await cache.sadd("cnt:set-type", "x");
        await expect(cache.increment("cnt:set-type")).rejects.toThrow(CacheCommandError);
      });
    });

    describe("keys / deletePattern", () => {
      it("finds every match with SCAN when there are more keys than one page", async () => {
        const ids = Array.from({ length: 300 }, (_, index) => `scan:item:${index}`);
        await Promise.all(ids.map((key) => cache.set(key, key)));
        await cache.set("scan-other:1", "x");
        const found = await cache.keys("scan:item:*");
        expect(found).toHaveLength(300);
        expect(new Set(found)).toEqual(new Set(ids));
      });

      it("supports ?, [set], [^set], [range] and escapes", async () => {
        for (const key of ["glob:a1", "glob:b1", "glob:c2", "glob:ab", "glob:*"]) await cache.set(key, 1);
        const sorted = async (pattern: string) => (await cache.keys(pattern)).sort();
        expect(await sorted("glob:?1")).toEqual(["glob:a1", "glob:b1"]);
        expect(await sorted("glob:[ac]?")).toEqual(["glob:a1", "glob:ab", "glob:c2"]);
        expect(await sorted("glob:[^a]*")).toEqual(["glob:*", "glob:b1", "glob:c2"]);
        expect(await sorted("glob:[a-b]1")).toEqual(["glob:a1", "glob:b1"]);
        expect(await sorted("glob:\\*")).toEqual(["glob:*"]);
        expect(await cache.keys("glob:none*")).toEqual([]);
      });

      it("deletePattern removes the matches only", async () => {
        expect(await cache.deletePattern("scan:item:*")).toBe(300);
        expect(await cache.keys("scan:item:*")).toEqual([]);
        expect(await cache.exists("scan-other:1")).toBe(true);
        expect(await cache.deletePattern("scan:item:*")).toBe(0);
      });

      it("invalidates every key of one patient with patientPattern", async () => {
        const [one, two] = ["c0000000000000000000000a1", "c0000000000000000000000b2"];
        const keysOf = (id: string) => [
          cacheKeys.patient(id),
          cacheKeys.observations(id),
          cacheKeys.observations(id, "vital_signs"),
          cacheKeys.medications(id),
          cacheKeys.allergies(id),
          cacheKeys.patientAggregate(id),
        ];
        for (const key of [...keysOf(one), ...keysOf(two)]) await cache.set(key, { key });
        expect((await cache.keys(cacheKeys.patientPattern(one))).sort()).toEqual(keysOf(one).sort());
        expect(await cache.deletePattern(cacheKeys.patientPattern(one))).toBe(6);
        for (const key of keysOf(one)) expect(await cache.exists(key)).toBe(false);
        for (const key of keysOf(two)) expect(await cache.exists(key)).toBe(true);
      });
    });

    describe("hashes", () => {
      it("sets, reads and deletes fields with JSON values", async () => {
        const seen = new Date("2024-01-01T00:00:00.000Z");
        expect(await cache.hset("hash:conn", "status", "active")).toBe(1);
        expect(await cache.hset("hash:conn", { status: "error", lastSeen: seen, retries: 3 })).toBe(2);
        expect(await cache.hget("hash:conn", "status")).toBe("error");
        expect(await cache.hget<Date>("hash:conn", "lastSeen")).toEqual(seen);
        expect(await cache.hget("hash:conn", "missing")).toBeNull();
        expect(await cache.hget("hash:missing", "status")).toBeNull();
        const all = await cache.hgetall("hash:conn");
        expect(all).toEqual({ status: "error", lastSeen: seen, retries: 3 });
        expect(all.lastSeen).toBeInstanceOf(Date);
        expect(await cache.hdel("hash:conn", "retries")).toBe(1);
        expect(await cache.hdel("hash:conn", ["status", "lastSeen", "never"])).toBe(2);
        expect(await cache.hgetall("hash:conn")).toEqual({});
        expect(await cache.exists("hash:conn")).toBe(false);
        expect(await cache.hdel("hash:missing", "x")).toBe(0);
        expect(await cache.hset("hash:empty", {})).toBe(0);
      });

      it("raises a CacheCommandError on a key of another type", async () => {
        await cache.set("hash:string", "s");
        await expect(cache.hget("hash:string", "f")).rejects.toThrow(CacheCommandError);
        await expect(cache.hset("hash:string", "f", 1)).rejects.toThrow(CacheCommandError);
      });
    });

    describe("lists", () => {
      it("pushes at both ends and reads ranges like Redis", async () => {
        expect(await cache.rpush("list:msgs", "b", "c")).toBe(2);
        expect(await cache.lpush("list:msgs", "a2", "a1")).toBe(4);
        expect(await cache.lrange("list:msgs")).toEqual(["a1", "a2", "b", "c"]);
        expect(await cache.llen("list:msgs")).toBe(4);
        const ranges: Array<[number, number, string[]]> = [
          [0, 0, ["a1"]],
          [1, 2, ["a2", "b"]],
          [-2, -1, ["b", "c"]],
          [0, 100, ["a1", "a2", "b", "c"]],
          [-100, 1, ["a1", "a2"]],
          [3, 1, []],
          [10, 20, []],
          [0, -5, []],
        ];
        for (const [start, stop, expected] of ranges) expect(await cache.lrange("list:msgs", start, stop)).toEqual(expected);
        expect(await cache.lrange("list:missing")).toEqual([]);
        expect(await cache.llen("list:missing")).toBe(0);
        expect(await cache.rpush("list:msgs")).toBe(4);
      });

      it("keeps objects and Dates in list elements", async () => {
        const at = new Date("2023-03-03T03:03:03.000Z");
        await cache.rpush("list:objects", { at, type: "ADT^A01" });
        expect(await cache.lrange("list:objects")).toEqual([{ at, type: "ADT^A01" }]);
      });
    });

    describe("sets", () => {
      it("adds, lists, tests and removes members", async () => {
        expect(await cache.sadd("set:roles", "admin", "clinician", "admin")).toBe(2);
        expect(await cache.sadd("set:roles", "clinician", "auditor")).toBe(1);
        expect((await cache.smembers("set:roles")).sort()).toEqual(["admin", "auditor", "clinician"]);
        expect(await cache.sismember("set:roles", "admin")).toBe(true);
        expect(await cache.sismember("set:roles", "nurse")).toBe(false);
        expect(await cache.srem("set:roles", "admin", "nurse")).toBe(1);
        expect(await cache.srem("set:roles", "auditor", "clinician")).toBe(2);
        expect(await cache.exists("set:roles")).toBe(false);
        expect(await cache.smembers("set:missing")).toEqual([]);
        expect(await cache.sismember("set:missing", "x")).toBe(false);
        expect(await cache.srem("set:missing", "x")).toBe(0);
      });
    });

    describe("cached()", () => {
      it("loads on a miss, then serves the hit without calling the loader", async () => {
        const load = vi.fn(async () => ({ id: "p9", admittedAt: new Date("2024-02-02T02:02:02.000Z") }));
        const before = cache.stats();
        const first = await cache.cached("aside:p9", 60, load);
        const second = await cache.cached("aside:p9", 60, load);
        expect(load).toHaveBeenCalledTimes(1);
        expect(second).toEqual(first);
        expect(second.admittedAt).toBeInstanceOf(Date);
        expect(await cache.ttl("aside:p9")).toBeGreaterThan(55);
        const after = cache.stats();
        expect(after.misses - before.misses).toBe(1);
        expect(after.hits - before.hits).toBe(1);
        expect(after.fallbacks - before.fallbacks).toBe(0);
      });

      it("runs the loader once for concurrent misses of one key", async () => {
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const load = vi.fn(async () => {
          await gate;
          return 7;
        });
        const results = Promise.all([1, 2, 3].map(() => cache.cached("aside:concurrent", 60, load)));
        release();
        expect(await results).toEqual([7, 7, 7]);
        expect(load).toHaveBeenCalledTimes(1);
      });

      it("propagates the loader's error and caches nothing", async () => {
        await expect(cache.cached("aside:fails", 60, async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
        expect(await cache.exists("aside:fails")).toBe(false);
        expect(await cache.cached("aside:fails", 60, async () => "recovered")).toBe("recovered");
      });

      it("does not cache null, so a missing record is looked up again", async () => {
        const load = vi.fn(async () => null);
        expect(await cache.cached("aside:null", 60, load)).toBeNull();
        expect(await cache.cached("aside:null", 60, load)).toBeNull();
        expect(load).toHaveBeenCalledTimes(2);
      });

      it("reloads after the entry expires", async () => {
        let version = 0;
        const load = async () => ++version;
        expect(await cache.cached("aside:short", 0.3, load)).toBe(1);
        expect(await cache.cached("aside:short", 0.3, load)).toBe(1);
        await sleep(450);
        expect(await cache.cached("aside:short", 0.3, load)).toBe(2);
      });

      it("serves the loader's value when the cache cannot hold it or the entry is unusable", async () => {
        await cache.hset("aside:hash", "f", 1);
        expect(await cache.cached("aside:hash", 60, async () => "from db")).toBe("from db");
        expect(await cache.cached("aside:bigint", 60, async () => 10n)).toBe(10n);
      });
    });
  });
}
