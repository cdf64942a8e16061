import { describe, expect, it } from "vitest";
import { hashApiKey, parseApiKey } from "@/lib/auth/api-keys";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createApiKey, createUser } from "@/lib/seed/accounts";

const input = { email: "Ops.Lead@Example.org", name: "Ops Lead", role: "admin", password: "a long enough passphrase" };

describe("createUser", () => {
  it("stores a lower-cased e-mail, an argon2id hash and an audit row", async () => {
    const user = await createUser(input);
    expect(user).toMatchObject({ email: "ops.lead@example.org", name: "Ops Lead", role: "admin" });
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, input.password)).toBe(true);
    const audit = await db().auditLog.findFirst({ where: { action: "user.created", resourceId: user.id } });
    expect(audit).toMatchObject({ status: "success", userAgent: "meridian-cli", username: expect.stringMatching(/^cli:/), userRole: "admin" });
  });

  it("refuses a duplicate e-mail (in any case) with a clear CONFLICT error", async () => {
    const attempt = createUser({ ...input, email: "OPS.LEAD@example.org" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", message: "A user with e-mail ops.lead@example.org already exists." });
    expect(await db().user.count({ where: { email: "ops.lead@example.org" } })).toBe(1);
  });

  it("names every invalid field", async () => {
    const attempt = createUser({ email: "not-an-email", name: "", role: "superuser", password: "short" });
    await expect(attempt).rejects.toMatchObject({ code: "INVALID" });
    await expect(attempt).rejects.toThrow(/email: .*; name: .*; role: .*; password: At least 12 characters/);
  });
});

describe("createApiKey", () => {
  it("returns the key once and stores only its prefix and SHA-256", async () => {
    const now = new Date();
    const created = await createApiKey({ name: "lab feed", role: "integration", expiresDays: 30 }, now);
    expect(parseApiKey(created.key)).toBe(created.prefix);
    expect(created.expiresAt?.getTime()).toBe(now.getTime() + 30 * 86_400_000);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { prefix: true, secretHash: true, role: true } });
    expect(stored).toEqual({ prefix: created.prefix, secretHash: hashApiKey(created.key), role: "integration" });
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(13));
  });

  it("creates keys without expiry and rejects unknown roles", async () => {
    expect((await createApiKey({ name: "reporting", role: "compliance" })).expiresAt).toBeNull();
    await expect(createApiKey({ name: "x", role: "root" })).rejects.toMatchObject({ code: "INVALID" });
  });
});
