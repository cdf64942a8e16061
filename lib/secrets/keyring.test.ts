import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { Keyring, UnknownEncryptionKeyError } from "@/lib/secrets/keyring";

const keyA = { id: "2025", key: randomBytes(32) };
const keyB = { id: "2026", key: randomBytes(32) };

/** A payload as written before keys had ids: `v1.<iv>.<tag>.<ciphertext>`. */
function legacyPayload(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

describe("Keyring", () => {
  it("seals with the newest key, names it, and never repeats a ciphertext", () => {
    const keyring = new Keyring([keyA, keyB]);
    const sealed = keyring.seal("123-45-6789");
    expect(sealed.keyId).toBe("2026");
    expect(Keyring.keyIdOf(sealed.ciphertext)).toBe("2026");
    expect(sealed.ciphertext).not.toContain("6789");
    expect(keyring.seal("123-45-6789").ciphertext).not.toBe(sealed.ciphertext);
    expect(keyring.open(sealed.ciphertext)).toBe("123-45-6789");
  });

  it("opens what an older key sealed, and refuses a key it no longer has", () => {
    const old = new Keyring([keyA]).seal("client-secret");
    expect(new Keyring([keyA, keyB]).open(old.ciphertext)).toBe("client-secret");
    expect(() => new Keyring([keyB]).open(old.ciphertext)).toThrow(UnknownEncryptionKeyError);
    expect(() => new Keyring([keyB]).open(old.ciphertext)).toThrow(/key "2025"/);
  });

  it("opens payloads written before keys had ids with whichever key authenticates them", () => {
    const legacy = legacyPayload("987-65-4321", keyA.key);
    expect(Keyring.keyIdOf(legacy)).toBeNull();
    expect(new Keyring([keyA, keyB]).open(legacy)).toBe("987-65-4321");
    expect(() => new Keyring([keyB]).open(legacy)).toThrow(UnknownEncryptionKeyError);
  });

  it("refuses a tampered or malformed payload", () => {
    const keyring = new Keyring([keyA]);
    const parts = keyring.seal("secret").ciphertext.split(".");
    const tampered = [...parts.slice(0, 4), Buffer.from("forged").toString("base64url")].join(".");
    expect(() => keyring.open(tampered)).toThrow();
    expect(() => keyring.open("not encrypted")).toThrow(/Unrecognised/);
  });

  it("says which key failed when a key id's material changed", () => {
    const sealed = new Keyring([keyA]).seal("secret");
    expect(() => new Keyring([{ id: keyA.id, key: keyB.key }]).open(sealed.ciphertext)).toThrow(/^Key "2025" does not open this value/);
  });
});

describe("ENCRYPTION_KEYS", () => {
  const base = { DATABASE_URL: "postgresql://localhost/m", NODE_ENV: "test" };
  const b64 = (key: Buffer) => key.toString("base64");

  it("lists id:key pairs, the last one newest, after ENCRYPTION_KEY as the key \"default\"", () => {
    const env = parseEnv({ ...base, ENCRYPTION_KEY: b64(keyA.key), ENCRYPTION_KEYS: `2026:${b64(keyB.key)}` });
    expect(env.encryptionKeys.map((key) => key.id)).toEqual(["default", "2026"]);
    expect(new Keyring(env.encryptionKeys).current.key.equals(keyB.key)).toBe(true);
    expect(parseEnv({ ...base, ENCRYPTION_KEYS: ` a:${b64(keyA.key)} , b:${b64(keyB.key)} ` }).encryptionKeys.map((key) => key.id)).toEqual(["a", "b"]);
  });

  it("keeps the embedded database's development key beside ENCRYPTION_KEYS, so its demo data still opens", () => {
    const env = parseEnv({ ...base, NODE_ENV: "development", MERIDIAN_EMBEDDED_DATABASE: "true", ENCRYPTION_KEYS: `next:${b64(keyB.key)}` });
    expect(env.encryptionKeys.map((key) => key.id)).toEqual(["default", "next"]);
    expect(parseEnv({ ...base, ENCRYPTION_KEYS: `next:${b64(keyB.key)}` }).encryptionKeys.map((key) => key.id)).toEqual(["next"]);
  });

  it("accepts ENCRYPTION_KEY listed again as \"default\", and refuses a different key under that id", () => {
    const same = parseEnv({ ...base, ENCRYPTION_KEY: b64(keyA.key), ENCRYPTION_KEYS: `default:${b64(keyA.key)},b:${b64(keyB.key)}` });
    expect(same.encryptionKeys.map((key) => key.id)).toEqual(["default", "b"]);
    expect(() => parseEnv({ ...base, ENCRYPTION_KEY: b64(keyA.key), ENCRYPTION_KEYS: `default:${b64(keyB.key)}` })).toThrow(/key id "default" is ENCRYPTION_KEY's/);
  });

  it.each([
    [`a:${b64(keyA.key)},a:${b64(keyB.key)}`, /appears twice/],
    [`a:c2hvcnQ=`, /32 bytes/],
    [b64(keyA.key), /not id:base64key/],
    [`bad id:${b64(keyA.key)}`, /not id:base64key/],
  ])("refuses %s with a clear message", (value, message) => {
    expect(() => parseEnv({ ...base, ENCRYPTION_KEYS: value })).toThrow(message);
  });
});
