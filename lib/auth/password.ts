import { hash, verify } from "@node-rs/argon2";

// The value of the package's `Algorithm.Argon2id`, a const enum that isolatedModules cannot read.
const ARGON2ID = 2;

// OWASP's argon2id baseline: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * An argon2id hash with the same parameters as hashPassword, of a random password nobody kept. Sign-in verifies
 * against it when there is no account, so an unknown e-mail costs the same argon2 work as a wrong password. A
 * constant rather than computed at start-up, so the first unknown e-mail does not pay for a hash either.
 */
export const DECOY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$c5QfYNjyAcmzdG9LmhdgUQ$ZoPy3mWe0h4TVwpUW1sJI/zkzvbqnpcoYnYL2RJ6rmQ";

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
