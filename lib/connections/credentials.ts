import "server-only";
import { logger } from "@/lib/logger";
import { openSecret, sealSecret } from "@/lib/secrets/keyring";

// A connection's secrets, stored as one sealed JSON map (credentials_encrypted, with the key's id beside it).
// Opened only on the server, to test or use the connection, and to tell which names are stored.

export type Credentials = Readonly<Record<string, string>>;

export function sealCredentials(credentials: Credentials | null): { credentialsEncrypted: string | null; credentialsKeyId: string | null } {
  if (!credentials || Object.keys(credentials).length === 0) return { credentialsEncrypted: null, credentialsKeyId: null };
  const sealed = sealSecret(JSON.stringify(credentials));
  return { credentialsEncrypted: sealed.ciphertext, credentialsKeyId: sealed.keyId };
}

export function openCredentials(sealed: string | null): Credentials {
  return sealed ? (JSON.parse(openSecret(sealed)) as Credentials) : {};
}

/**
 * The stored secrets, or none when they cannot be opened (a key taken out of ENCRYPTION_KEYS too early): the page
 * then shows none stored, and an update asks for them again instead of failing.
 */
export function openStoredCredentials(sealed: string | null, connectionId: string): Credentials {
  try {
    return openCredentials(sealed);
  } catch (error) {
    logger.error({ connectionId, err: error instanceof Error ? error.name : "unknown" }, "connection credentials cannot be opened");
    return {};
  }
}

/** The names of the stored secrets, never their values. */
export function credentialNames(sealed: string | null, connectionId: string): string[] {
  return Object.keys(openStoredCredentials(sealed, connectionId)).toSorted();
}
