import { describe, expect, it, vi } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { DecodedMemo } from "@/lib/cache/decoded-memo";
import { silentCacheLogger } from "@/lib/cache/logger";
import { MemoryStore } from "@/lib/cache/memory-store";
import { encodeValue } from "@/lib/cache/serialization";

const chart = { patient: { id: "p1", birthDate: new Date("1980-02-03T00:00:00.000Z") }, medications: [{ name: "aspirin" }] };

function managerOver(store: MemoryStore): CacheManager {
  return new CacheManager(store, { defaultTtlSeconds: 60, logger: silentCacheLogger });
}

describe("CacheManager's decoded values", () => {
  it("decodes and checks an unchanged entry once; its readers share one frozen value", async () => {
    const store = new MemoryStore();
    await store.set("chart:p1", encodeValue(chart), 60_000);
    const cache = managerOver(store);
    const accepts = vi.fn(() => true);
    const load = vi.fn(() => Promise.resolve(chart));

    const first = await cache.peek<typeof chart>("chart:p1", accepts);
    const second = await cache.cached("chart:p1", 60, load, accepts);
    expect(first).toEqual(chart);
    expect(second).toBe(first);
    expect(accepts).toHaveBeenCalledTimes(1);
    expect(load).not.toHaveBeenCalled();
    expect(Object.isFrozen(first?.medications[0])).toBe(true);
    expect(() => first?.medications.push({ name: "warfarin" })).toThrow(TypeError);
    expect(cache.stats().hits).toBe(2);
  });

  it("reads an entry rewritten behind its back (another instance's write) afresh", async () => {
    const store = new MemoryStore();
    await store.set("chart:p1", encodeValue(chart), 60_000);
    const cache = managerOver(store);
    expect(await cache.peek("chart:p1")).toEqual(chart);

    const changed = { ...chart, medications: [] };
    await store.set("chart:p1", encodeValue(changed), 60_000);
    expect(await cache.peek("chart:p1")).toEqual(changed);
    await store.delete(["chart:p1"]);
    expect(await cache.peek("chart:p1")).toBeNull();
  });

  it("asks every shape check, and reloads an entry one refuses", async () => {
    const store = new MemoryStore();
    await store.set("chart:p1", encodeValue(chart), 60_000);
    const cache = managerOver(store);
    expect(await cache.peek("chart:p1", () => true)).toEqual(chart);

    const refuses = vi.fn(() => false);
    const fresh = { ...chart, patient: { ...chart.patient, id: "p1-reloaded" } };
    expect(await cache.peek("chart:p1", refuses)).toBeNull();
    expect(await cache.cached("chart:p1", 60, () => Promise.resolve(fresh), refuses)).toEqual(fresh);
    expect(refuses).toHaveBeenCalledTimes(2);
  });

  it("keeps its most recently read entries only, and never large ones", () => {
    const memo = new DecodedMemo(2);
    const decode = vi.fn((raw: string): unknown => JSON.parse(raw));
    memo.decode("a", '{"v":1}', decode);
    memo.decode("b", '{"v":2}', decode);
    memo.decode("a", '{"v":1}', decode);
    memo.decode("c", '{"v":3}', decode);
    expect(memo.size).toBe(2);
    memo.decode("a", '{"v":1}', decode);
    memo.decode("b", '{"v":2}', decode);
    expect(decode).toHaveBeenCalledTimes(4);

    const large = JSON.stringify({ text: "x".repeat(70 * 1024) });
    memo.decode("d", large, decode);
    memo.decode("d", large, decode);
    expect(decode).toHaveBeenCalledTimes(6);
  });
});
