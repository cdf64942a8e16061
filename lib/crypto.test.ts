import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "@/lib/crypto";

const key = randomBytes(32).toString("base64");

describe("AES-256-GCM field encryption", () => {
  it("round-trips and never repeats a ciphertext", () => {
    const first = encrypt("123-45-6789", key);
    expect(decrypt(first, key)).toBe("123-45-6789");
    expect(encrypt("123-45-6789", key)).not.toBe(first);
    expect(first).not.toContain("6789");
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const payload = encrypt("secret", key);
    const parts = payload.split(".");
    const tampered = [...parts.slice(0, 3), Buffer.from("forged").toString("base64url")].join(".");
    expect(() => decrypt(tampered, key)).toThrow();
    expect(() => decrypt(payload, randomBytes(32).toString("base64"))).toThrow();
  });
});
