import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { checkSession } from "@/lib/auth/sessions";
import { authorizeCredentials } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createUser } from "@/lib/seed/accounts";

const PASSWORD = "correct horse battery staple";

function requestFrom(ip: string) {
  return requestInfoFrom(new Headers({ "x-forwarded-for": ip, "x-request-id": randomUUID(), "user-agent": "vitest" }), "POST", "/api/auth/callback/credentials");
}

/** A unique client address per test, so the per-IP rate limit of one test does not leak into another. */
function uniqueIp(): string {
  const n = Math.floor(Math.random() * 250) + 1;
  return `10.${n}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

async function newUser() {
  const email = `user-${randomUUID()}@test.example`;
  const user = await createUser({ email, name: "Test Clinician", role: "clinician", password: PASSWORD });
  return { ...user, email };
}

async function auditActions(userId: string): Promise<string[]> {
  const rows = await db().auditLog.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { action: true } });
  return rows.map((row) => row.action);
}

describe("credentials sign-in", () => {
  it("signs in, registers a session and audits the success", async () => {
    const user = await newUser();
    const signedIn = await authorizeCredentials({ email: user.email, password: PASSWORD }, requestFrom(uniqueIp()));
    expect(signedIn?.id).toBe(user.id);
    const holder = await checkSession(signedIn?.sessionId ?? "", requestFrom(uniqueIp()));
    expect(holder?.id).toBe(user.id);
    expect(await auditActions(user.id)).toEqual(["auth.login_succeeded"]);
  });

  it("answers an unknown email and a wrong password alike, and audits both", async () => {
    const user = await newUser();
    const unknownEmail = `nobody-${randomUUID()}@test.example`;
    const request = requestFrom(uniqueIp());
    expect(await authorizeCredentials({ email: unknownEmail, password: PASSWORD }, request)).toBeNull();
    expect(await authorizeCredentials({ email: user.email, password: "wrong password" }, requestFrom(uniqueIp()))).toBeNull();
    const unknown = await db().auditLog.findMany({ where: { requestId: request.requestId }, select: { action: true, details: true } });
    expect(unknown).toEqual([{ action: "auth.login_failed", details: { reason: "unknown_user", attemptedEmail: unknownEmail } }]);
    expect(await auditActions(user.id)).toEqual(["auth.login_failed"]);
  });

  it("locks the account after repeated failures, refuses the right password while locked, and audits the lockout", async () => {
    const user = await newUser();
    for (let attempt = 0; attempt < env().LOGIN_MAX_FAILURES; attempt += 1) {
      expect(await authorizeCredentials({ email: user.email, password: `wrong ${attempt}` }, requestFrom(uniqueIp()))).toBeNull();
    }
    const locked = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } });
    expect(locked.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect(await authorizeCredentials({ email: user.email, password: PASSWORD }, requestFrom(uniqueIp()))).toBeNull();
    const actions = await auditActions(user.id);
    expect(actions.filter((action) => action === "auth.locked_out")).toHaveLength(1);
    expect(actions.at(-1)).toBe("auth.login_failed");

    await db().user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await authorizeCredentials({ email: user.email, password: PASSWORD }, requestFrom(uniqueIp())))?.id).toBe(user.id);
  });

  it("rate-limits one client address across accounts", async () => {
    const ip = uniqueIp();
    const limit = env().LOGIN_RATE_LIMIT_PER_IP;
    for (let attempt = 0; attempt < limit; attempt += 1) {
      await authorizeCredentials({ email: `nobody-${attempt}-${randomUUID()}@test.example`, password: "x" }, requestFrom(ip));
    }
    const user = await newUser();
    const request = requestFrom(ip);
    expect(await authorizeCredentials({ email: user.email, password: PASSWORD }, request)).toBeNull();
    const rows = await db().auditLog.findMany({ where: { requestId: request.requestId }, select: { action: true } });
    expect(rows).toEqual([{ action: "auth.rate_limited" }]);
  });
});
