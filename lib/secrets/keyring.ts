import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// AES-256-GCM with the key's id written into every ciphertext (`v2.<keyId>.<iv>.<tag>.<ciphertext>`), so that keys
// can rotate: the newest key of ENCRYPTION_KEYS encrypts, every configured key decrypts. Payloads written before
// keys had ids (`v1.<iv>.<tag>.<ciphertext>`) are opened by whichever key authenticates them (GCM's tag decides).

const ALGORITHM = "aes-256-gcm";

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface SealedSecret {
  ciphertext: string;
  keyId: string;
}

export class UnknownEncryptionKeyError extends Error {
  override name = "UnknownEncryptionKeyError";
}

function seal(plaintext: string, key: EncryptionKey): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((part) => part.toString("base64url"));
  return { ciphertext: ["v2", key.id, ...parts].join("."), keyId: key.id };
}

function open(iv: string, tag: string, body: string, key: Buffer): string {
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** Seals and opens with an explicit list of keys; the last one is the newest. */
export class Keyring {
  constructor(readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error("A keyring needs at least one key");
  }

  get current(): EncryptionKey {
    return this.keys[this.keys.length - 1] as EncryptionKey;
  }

  seal(plaintext: string): SealedSecret {
    return seal(plaintext, this.current);
  }

  open(ciphertext: string): string {
    const parts = ciphertext.split(".");
    if (parts[0] === "v2" && parts.length === 5) {
      const [, keyId, iv = "", tag = "", body = ""] = parts;
      const key = this.keys.find((candidate) => candidate.id === keyId);
      if (!key) throw new UnknownEncryptionKeyError(`Encrypted with key "${keyId}", which is not in ENCRYPTION_KEYS`);
      try {
        return open(iv, tag, body, key.key);
      } catch {
        // Node says only "unable to authenticate data"; an operator needs to know which key to look at.
        throw new Error(`Key "${keyId}" does not open this value: it was altered, or the key's material in ENCRYPTION_KEYS changed`);
      }
    }
    if (parts[0] === "v1" && parts.length === 4) {
      const [, iv = "", tag = "", body = ""] = parts;
      for (const key of [...this.keys].reverse()) {
        try {
          return open(iv, tag, body, key.key);
        } catch {
          // Not this key: GCM authentication failed; try the next one.
        }
      }
      throw new UnknownEncryptionKeyError("No configured key opens this value (written before keys had ids)");
    }
    throw new Error("Unrecognised encrypted payload");
  }

  /** The id of the key a ciphertext names; null for payloads written before keys had ids. */
  static keyIdOf(ciphertext: string): string | null {
    const parts = ciphertext.split(".");
    return parts[0] === "v2" ? (parts[1] ?? null) : null;
  }
}

let cached: { source: readonly EncryptionKey[]; keyring: Keyring } | null = null;

/** The process's keyring, from ENCRYPTION_KEYS (and ENCRYPTION_KEY as the key "default"). */
export function keyring(): Keyring {
  const keys = env().encryptionKeys;
  if (cached?.source !== keys) cached = { source: keys, keyring: new Keyring(keys) };
  return cached.keyring;
}

export function sealSecret(plaintext: string): SealedSecret {
  return keyring().seal(plaintext);
}

export function openSecret(ciphertext: string): string {
  return keyring().open(ciphertext);
}

export function currentKeyId(): string {
  return keyring().current.id;
}
