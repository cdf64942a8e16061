import { afterAll, describe, expect, it } from "vitest";
import { cache, cacheHealth, disconnectCache } from "@/lib/cache";

// The process-wide instance built from the environment (the integration setup sets REDIS_URL).
// Read-only on purpose: this instance uses the real REDIS_KEY_PREFIX, which tests must not write under.

describe("cache() singleton", () => {
  afterAll(async () => {
    await disconnectCache();
  });

  it("is one instance per process, on Redis when REDIS_URL is set", () => {
    expect(cache()).toBe(cache());
    expect(cache().backend).toBe(process.env.REDIS_URL ? "redis" : "memory");
  });

  it("reports health and opens a new instance after disconnectCache()", async () => {
    const first = cache();
    for (let attempt = 0; attempt < 100 && (await cacheHealth()).status === "down"; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await cacheHealth()).status).toBe("up");
    await disconnectCache();
    expect(cache()).not.toBe(first);
  });
});
