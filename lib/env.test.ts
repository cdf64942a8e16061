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
    expect(embedded.encryptionKeys.map((key) => [key.id, key.key.length])).toEqual([["default", 32]]);
    const configured = parseEnv({ DATABASE_URL: "postgresql://localhost/m", MERIDIAN_EMBEDDED_DATABASE: "1", ENCRYPTION_KEY: KEY });
    expect(configured.encryptionKeys[0]?.key.toString("base64")).toBe(KEY);

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

  it("takes the alert webhook's URL and secret together, the secret at least 32 characters", () => {
    const base = { DATABASE_URL: "postgresql://localhost/meridian", ENCRYPTION_KEY: KEY };
    const secret = "s".repeat(32);
    const unset = parseEnv(base);
    expect([unset.SMTP_URL, unset.ALERT_WEBHOOK_URL, unset.ALERT_EMAIL_FROM]).toEqual([undefined, undefined, "meridian-alerts@localhost"]);
    expect(parseEnv({ ...base, SMTP_URL: "smtp://mail.internal:25", ALERT_WEBHOOK_URL: "https://soc.example/hook", ALERT_WEBHOOK_SECRET: secret }).ALERT_WEBHOOK_SECRET).toBe(secret);
    expect(messageOf(() => parseEnv({ ...base, ALERT_WEBHOOK_URL: "https://soc.example/hook" }))).toContain("ALERT_WEBHOOK_SECRET: ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET go together");
    expect(messageOf(() => parseEnv({ ...base, ALERT_WEBHOOK_URL: "https://soc.example/hook", ALERT_WEBHOOK_SECRET: "short" }))).toContain("at least 32 characters");
    expect(messageOf(() => parseEnv({ ...base, SMTP_URL: "http://mail.internal" }))).toContain("SMTP_URL must be smtp://host:port");
  });

  it("takes the TLS settings only in combinations that work", () => {
    const base = { DATABASE_URL: "postgresql://localhost/meridian", ENCRYPTION_KEY: KEY };
    expect(parseEnv({ ...base, MLLP_TLS_CERT: "/c.pem", MLLP_TLS_KEY: "/k.pem", MLLP_TLS_CA: "/ca.pem", MLLP_TLS_CLIENT_CERT: "require" }).MLLP_TLS_CLIENT_CERT).toBe("require");
    expect(parseEnv({ ...base, REDIS_URL: "rediss://cache.internal:6380", REDIS_TLS_CA_FILE: "/redis-ca.pem" }).REDIS_TLS_CA_FILE).toBe("/redis-ca.pem");
    expect(messageOf(() => parseEnv({ ...base, MLLP_TLS_KEY: "/k.pem" }))).toContain("MLLP_TLS_CERT: MLLP_TLS_CERT and MLLP_TLS_KEY go together");
    expect(messageOf(() => parseEnv({ ...base, MLLP_TLS_CA: "/ca.pem" }))).toContain("MLLP_TLS_CA: needs MLLP_TLS_CERT and MLLP_TLS_KEY");
    expect(messageOf(() => parseEnv({ ...base, MLLP_TLS_CERT: "/c.pem", MLLP_TLS_KEY: "/k.pem", MLLP_TLS_CLIENT_CERT: "always" }))).toContain("MLLP_TLS_CLIENT_CERT");
    expect(messageOf(() => parseEnv({ ...base, REDIS_URL: "redis://cache.internal:6379", REDIS_TLS_CA_FILE: "/redis-ca.pem" }))).toContain("REDIS_TLS_CA_FILE: only used with a rediss:// REDIS_URL");
  });
});
