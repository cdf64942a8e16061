import net from "node:net";
import { afterAll, describe, expect, it, vi } from "vitest";
import { CacheManager } from "@/lib/cache/cache-manager";
import { checkCacheHealth } from "@/lib/cache/health";
import { silentCacheLogger, type CacheLogger } from "@/lib/cache/logger";
import { RedisStore } from "@/lib/cache/redis-store";

// Redis unreachable (nothing listening) and Redis too slow (connected, never answers): in both cases
// cached() must serve the loader's value, count the fallback, and health must say "down".

const opened: CacheManager[] = [];
const servers: net.Server[] = [];

function cacheAt(url: string, logger: CacheLogger = silentCacheLogger): CacheManager {
  const store = new RedisStore({ url, keyPrefix: "test:down:", commandTimeoutMs: 250, connectTimeoutMs: 500, logger });
  const cache = new CacheManager(store, { defaultTtlSeconds: 60, logger });
  opened.push(cache);
  return cache;
}

/** A port with nothing listening: bound by us, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A server that completes ioredis' handshake (CLIENT …, INFO ready check) and then never answers a command,
 * like a Redis stuck on a slow command or a dead network path: only the command timeout can end the wait.
 */
async function silentRedis(): Promise<{ port: number; handshakeDone: Promise<void> }> {
  let handshake: () => void = () => undefined;
  const handshakeDone = new Promise<void>((resolve) => {
    handshake = resolve;
  });
  const server = net.createServer((socket) => {
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      for (;;) {
        const parsed = readCommand(buffer);
        if (!parsed) break;
        buffer = buffer.slice(parsed.length);
        const name = parsed.args[0]?.toUpperCase();
        if (name === "CLIENT" || name === "SELECT") socket.write("+OK\r\n");
        if (name === "INFO") {
          const info = "# Server\r\nredis_version:7.0.0\r\nloading:0\r\n";
          socket.write(`$${info.length}\r\n${info}\r\n`);
          setTimeout(handshake, 20);
        }
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as net.AddressInfo).port, handshakeDone };
}

/** One RESP command (array of bulk strings) from the front of the buffer, or null if it is not complete yet. */
function readCommand(buffer: string): { args: string[]; length: number } | null {
  const lineEnd = (from: number) => buffer.indexOf("\r\n", from);
  let end = lineEnd(0);
  if (!buffer.startsWith("*") || end < 0) return null;
  const count = Number(buffer.slice(1, end));
  let position = end + 2;
  const args: string[] = [];
  for (let index = 0; index < count; index += 1) {
    end = lineEnd(position);
    if (end < 0) return null;
    const size = Number(buffer.slice(position + 1, end));
    if (buffer.length < end + 2 + size + 2) return null;
    args.push(buffer.slice(end + 2, end + 2 + size));
    position = end + 2 + size + 2;
  }
  return { args, length: position };
}

afterAll(async () => {
  for (const cache of opened) await cache.close();
  for (const server of servers) server.close();
});

describe("Redis not reachable", () => {
  it("cached() returns the loader's value and counts a fallback", async () => {
    const cache = cacheAt(`redis://127.0.0.1:${await closedPort()}`);
    const load = vi.fn(async () => ({ id: "p1", at: new Date("2024-01-01T00:00:00.000Z") }));
    await expect(cache.cached("patient:p1", 60, load)).resolves.toEqual({ id: "p1", at: new Date("2024-01-01T00:00:00.000Z") });
    await expect(cache.cached("patient:p1", 60, load)).resolves.toMatchObject({ id: "p1" });
    expect(load).toHaveBeenCalledTimes(2);
    expect(cache.stats()).toEqual({ hits: 0, misses: 0, fallbacks: 2 });
  });

  it("lets the loader's own error through", async () => {
    const cache = cacheAt(`redis://127.0.0.1:${await closedPort()}`);
    await expect(cache.cached("k", 60, async () => Promise.reject(new Error("database failed")))).rejects.toThrow("database failed");
  });

  it("degrades reads to an empty cache and reports writes as not done", async () => {
    const cache = cacheAt(`redis://127.0.0.1:${await closedPort()}`);
    expect(await cache.get("k")).toBeNull();
    expect(await cache.set("k", 1)).toBe(false);
    expect(await cache.delete(["k"])).toBe(false);
    expect(await cache.increment("k")).toBeNull();
    expect(await cache.keys("*")).toEqual([]);
    expect(await cache.deletePattern("patient:1*")).toBeNull();
    expect(await cache.hgetall("h")).toEqual({});
    expect(await cache.sismember("s", "x")).toBe(false);
    expect(cache.stats().fallbacks).toBe(8);
  });

  it("reports down in health", async () => {
    const cache = cacheAt(`redis://127.0.0.1:${await closedPort()}`);
    const health = await checkCacheHealth(cache);
    expect(health).toMatchObject({ status: "down", backend: "redis" });
    expect(health.status === "down" && health.error).toMatch(/Redis unavailable/);
  });

  it("logs the outage once, not at every reconnect attempt", async () => {
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    cacheAt(`redis://127.0.0.1:${await closedPort()}`, logger);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe("Redis connected but not answering", () => {
  it("cached() gives up after the command timeout and returns the loader's value", async () => {
    const { port, handshakeDone } = await silentRedis();
    const cache = cacheAt(`redis://127.0.0.1:${port}`);
    await handshakeDone;
    await expect(cache.cached("patient:p2", 60, async () => "from database")).resolves.toBe("from database");
    expect(cache.stats().fallbacks).toBe(1);
    const health = await checkCacheHealth(cache);
    expect(health).toMatchObject({ status: "down", backend: "redis" });
    expect(health.status === "down" && health.error).toMatch(/timed out/i);
  });
});
