import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const KEY = Buffer.alloc(32, 1).toString("base64");

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error("expected an EnvError");
}

describe("environment", () => {
  it("works with only DATABASE_URL and ENCRYPTION_KEY outside production", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://localhost/meridian", NODE_ENV: "development", ENCRYPTION_KEY: KEY });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.CACHE_DEFAULT_TTL_SECONDS).toBe(3600);
    expect(env.ENCRYPTION_KEY).toBe(KEY);
  });

  it("uses the public development key only with the embedded database, outside production", () => {
    const embedded = parseEnv({ DATABASE_URL: "postgresql://localhost:54329/meridian", NODE_ENV: "development", MERIDIAN_EMBEDDED_DATABASE: "true" });
    expect(Buffer.from(embedded.ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/m", MERIDIAN_EMBEDDED_DATABASE: "1", ENCRYPTION_KEY: KEY }).ENCRYPTION_KEY).toBe(KEY);

    for (const source of [
      { NODE_ENV: "development" },
      { NODE_ENV: "test" },
      { NODE_ENV: "development", MERIDIAN_EMBEDDED_DATABASE: "false" },
      { NODE_ENV: "production", MERIDIAN_EMBEDDED_DATABASE: "true", NEXTAUTH_SECRET: "a-long-enough-secret" },
    ]) {
      const message = messageOf(() => parseEnv({ DATABASE_URL: "postgresql://db.example/meridian", ...source }));
      expect(message, JSON.stringify(source)).toBe(
        "Invalid environment (see .env.example): ENCRYPTION_KEY: required unless the embedded development database is used; generate one with `openssl rand -base64 32`",
      );
    }
  });

  it("names every missing or invalid variable on one line", () => {
    const message = messageOf(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "not a url" }));
    expect(message).not.toContain("\n");
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("NEXTAUTH_SECRET: required in production");
    expect(message).toContain("ENCRYPTION_KEY: required unless");
  });

  it("rejects an encryption key that is not 32 bytes", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgresql://localhost/m", ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(/32 bytes/);
  });
});
