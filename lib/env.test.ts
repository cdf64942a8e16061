import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("environment", () => {
  it("works with only DATABASE_URL outside production", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://localhost/meridian", NODE_ENV: "development" });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.CACHE_DEFAULT_TTL_SECONDS).toBe(3600);
    expect(Buffer.from(env.ENCRYPTION_KEY, "base64")).toHaveLength(32);
  });

  it("names every missing or invalid variable in one readable message", () => {
    expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "not a url" })).toThrow(EnvError);
    try {
      parseEnv({ NODE_ENV: "production", DATABASE_URL: "not a url" });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL");
      expect(message).toContain("NEXTAUTH_SECRET is required in production");
      expect(message).toContain("ENCRYPTION_KEY is required in production");
    }
  });

  it("rejects an encryption key that is not 32 bytes", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgresql://localhost/m", ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/32 bytes/);
  });
});
