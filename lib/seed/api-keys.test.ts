import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, parseApiKey, verifyApiKey } from "@/lib/auth/api-keys";

// Tests for lib/auth/api-keys.ts, kept under lib/seed with the account commands that use it.

describe("generateApiKey", () => {
  it("returns mrd_<8 base62>_<43 base64url> with its prefix and the SHA-256 of the whole key", () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(/^mrd_[0-9A-Za-z]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`mrd_${prefix}_`)).toBe(true);
    expect(secretHash).toBe(hashApiKey(key));
    expect(secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("never repeats", () => {
    const keys = Array.from({ length: 2_000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(keys.length);
  });
});

describe("parseApiKey", () => {
  it("returns the prefix of a well-formed key, even when the secret contains _ or -", () => {
    const secret = "_-abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_123";
    expect(parseApiKey(`mrd_Ab3dE6gH_${secret}`)).toBe("Ab3dE6gH");
    const { key, prefix } = generateApiKey();
    expect(parseApiKey(key)).toBe(prefix);
  });

  it.each([
    "",
    "mrd_short_abc",
    "xyz_Ab3dE6gH_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
    "mrd_Ab3dE6g!_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
    "mrd_Ab3dE6gH_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
    " mrd_Ab3dE6gH_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
  ])("rejects %j", (key) => {
    expect(parseApiKey(key)).toBeNull();
  });
});

describe("hashApiKey / verifyApiKey", () => {
  it("hashes deterministically and verifies only the same key", () => {
    const { key, secretHash } = generateApiKey();
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(verifyApiKey(key, secretHash)).toBe(true);
    expect(verifyApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`, secretHash)).toBe(false);
    expect(verifyApiKey(key, "not-hex")).toBe(false);
  });
});
