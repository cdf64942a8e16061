import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

// Key format: mrd_<prefix>_<secret>. The prefix (8 base62 characters) is stored in clear and indexed, so a
// request's key is found with one lookup; the secret is 32 random bytes in base64url. With 256 bits of entropy
// a fast hash is enough: SHA-256 of the whole key cannot be brute-forced, unlike a password, so argon2 would only
// add latency to every API request.

const PREFIX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const PREFIX_LENGTH = 8;
const SECRET_BYTES = 32;

const API_KEY_PATTERN = /^mrd_([0-9A-Za-z]{8})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  /** The full key, shown to its owner once and never stored. */
  key: string;
  prefix: string;
  /** SHA-256 of the full key, hex. */
  secretHash: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): GeneratedApiKey {
  let prefix = "";
  // randomInt is uniform (no modulo bias), unlike indexing the alphabet with a random byte.
  for (let i = 0; i < PREFIX_LENGTH; i += 1) prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  const key = `mrd_${prefix}_${randomBytes(SECRET_BYTES).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** The key's prefix when it has the Meridian format, else null (so malformed keys never reach the database). */
export function parseApiKey(key: string): string | null {
  return API_KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Constant-time comparison of a presented key with the stored hash. */
export function verifyApiKey(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(secretHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
