import { afterEach, describe, expect, it } from "vitest";
import { CacheCommandError } from "@/lib/cache/errors";
import { MemoryStore, type MemoryStoreOptions } from "@/lib/cache/memory-store";

// Behaviour shared with Redis is in cache-manager.contract.ts; these are the in-process parts.

describe("MemoryStore", () => {
  let now = 1_000_000;
  const stores: MemoryStore[] = [];
  const open = (options: MemoryStoreOptions = {}) => {
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 0, ...options });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    now = 1_000_000;
  });

  it("expires keys by its clock, without waiting", async () => {
    const store = open();
    await store.set("k", "v", 1_000);
    now += 999;
    expect(await store.get("k")).toBe("v");
    expect(await store.ttl("k")).toBe(1);
    now += 1;
    expect(await store.get("k")).toBeNull();
    expect(await store.ttl("k")).toBe(-2);
  });

  it("keeps a counter's expiry when it is incremented", async () => {
    const store = open();
    expect(await store.incrBy("c", 1, 5_000)).toBe(1);
    now += 4_000;
    expect(await store.incrBy("c", 1, 5_000)).toBe(2);
    expect(await store.ttl("c")).toBe(1_000);
    now += 1_000;
    expect(await store.incrBy("c", 1, 5_000)).toBe(1);
  });

  it("does not list expired keys in a scan", async () => {
    const store = open();
    await store.set("a", "1", 10);
    await store.set("b", "1", 1_000);
    now += 10;
    const pages: string[][] = [];
    for await (const page of store.scan("*")) pages.push(page);
    expect(pages).toEqual([["b"]]);
  });

  it("sweeps expired keys out of memory", async () => {
    const store = open();
    await store.set("a", "1", 10);
    await store.set("b", "1", 1_000);
    now += 10;
    store.sweep();
    expect(await store.diagnostics()).toEqual({ backend: "memory", keyCount: 1 });
  });

  it("drops the oldest keys beyond maxEntries, expired ones first", async () => {
    const store = open({ maxEntries: 3 });
    await store.set("short", "1", 10);
    await store.set("old", "1", 60_000);
    await store.set("mid", "1", 60_000);
    now += 10;
    await store.set("new", "1", 60_000);
    expect(await store.exists("old")).toBe(true);
    await store.set("newer", "1", 60_000);
    expect(await store.exists("old")).toBe(false);
    expect(await store.exists("mid")).toBe(true);
    expect(await store.exists("newer")).toBe(true);
  });

  it("refuses to overflow a counter past what JavaScript counts exactly", async () => {
    const store = open();
    await store.set("big", String(Number.MAX_SAFE_INTEGER), 60_000);
    await expect(store.incrBy("big", 1)).rejects.toThrow(CacheCommandError);
  });

  it("pages large scans", async () => {
    const store = open();
    for (let index = 0; index < 600; index += 1) await store.set(`k${index}`, "1", 60_000);
    const sizes: number[] = [];
    for await (const page of store.scan("k*")) sizes.push(page.length);
    expect(sizes).toEqual([250, 250, 100]);
  });
});
