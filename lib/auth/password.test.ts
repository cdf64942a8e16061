import { describe, expect, it } from "vitest";
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from "@/lib/auth/password";

/** `$argon2id$v=19$m=…,t=…,p=…`: everything that decides how long a verification takes. */
function parametersOf(hash: string): string {
  return hash.split("$").slice(0, 4).join("$");
}

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("keeps the decoy hash at the parameters real hashes use, so verifying against it costs the same", async () => {
    expect(parametersOf(DECOY_PASSWORD_HASH)).toBe(parametersOf(await hashPassword("any password at all")));
    expect(await verifyPassword(DECOY_PASSWORD_HASH, "")).toBe(false);
  });
});
