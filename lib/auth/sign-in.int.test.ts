import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { DECOY_PASSWORD_HASH, verifyPassword } from "@/lib/auth/password";
import { checkSession } from "@/lib/auth/sessions";
import { authorizeCredentials } from "@/lib/auth/sign-in";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createUser } from "@/lib/seed/accounts";

// Calls through to the real argon2 verification; only counts the calls and the hashes they were given.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/auth/password")>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const PASSWORD = "correct horse battery staple";

function requestFrom(ip: string) {
  return requestInfoFrom(new Headers({ "x-forwarded-for": ip, "x-request-id": randomUUID(), "user-agent": "vitest" }), "POST", "/api/auth/callback/credentials");
}

/** A unique client address per test, so the per-IP rate limit of one test does not leak into another. */
function uniqueIp(): string {
  const n = Math.floor(Math.random() * 250) + 1;
  return `10.${n}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

async function newUser(role: "clinician" | "integration" = "clinician") {
  const email = `user-${randomUUID()}@test.example`;
  const user = await createUser({ email, name: `Test ${role}`, role, password: PASSWORD });
  return { ...user, email };
}

/** The SQL text of every statement sent to PostgreSQL while `work` runs (the values are left out). */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const query = vi.spyOn(pg.Client.prototype, "query");
  try {
    await work();
    return query.mock.calls.map(([statement]) => (typeof statement === "string" ? statement : (statement as { text: string }).text));
  } finally {
    query.mockRestore();
  }
}

beforeEach(() => {
  vi.mocked(verifyPassword).mockClear();
});

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

  it("refuses an integration account in the web app, whatever its password, and audits why", async () => {
    const user = await newUser("integration");
    const request = requestFrom(uniqueIp());
    expect(await authorizeCredentials({ email: user.email, password: PASSWORD }, request)).toBeNull();
    const rows = await db().auditLog.findMany({ where: { requestId: request.requestId }, select: { action: true, username: true, userRole: true, details: true } });
    expect(rows).toEqual([{ action: "auth.login_failed", username: "Test integration", userRole: "integration", details: { reason: "api_only_role" } }]);
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    // The right password is not a failure to count towards a lockout.
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).toEqual({ failedLoginCount: 0 });
  });
});

describe("a refused sign-in costs the same whether or not the account exists", () => {
  // Timing itself is too noisy to assert in a test; what decides it is asserted instead: the same argon2 work and
  // the same SQL statements, in the same order, for every kind of refusal.
  async function refusal(credentials: { email: string; password: string }) {
    vi.mocked(verifyPassword).mockClear();
    const statements = await statementsOf(async () => {
      expect(await authorizeCredentials(credentials, requestFrom(uniqueIp()))).toBeNull();
    });
    return { statements, verifiedAgainst: vi.mocked(verifyPassword).mock.calls.map(([hash]) => (hash === DECOY_PASSWORD_HASH ? "decoy" : "account")) };
  }

  it("runs one verification and the same statements for an unknown e-mail, a wrong password, a locked, a deactivated and an API-only account", async () => {
    const unknown = await refusal({ email: `nobody-${randomUUID()}@test.example`, password: PASSWORD });
    expect(unknown.verifiedAgainst).toEqual(["decoy"]);
    expect(unknown.statements.length).toBeGreaterThan(0);
    expect(unknown.statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    expect(unknown.statements.filter((sql) => /INSERT INTO audit_logs/i.test(sql))).toHaveLength(1);

    const wrongPassword = await refusal({ email: (await newUser()).email, password: "wrong password" });
    expect(wrongPassword.verifiedAgainst).toEqual(["account"]);
    expect(wrongPassword.statements).toEqual(unknown.statements);

    const locked = await newUser();
    await db().user.update({ where: { id: locked.id }, data: { lockedUntil: new Date(Date.now() + 60_000) } });
    const deactivated = await newUser();
    await db().user.update({ where: { id: deactivated.id }, data: { active: false } });
    for (const email of [locked.email, deactivated.email, (await newUser("integration")).email]) {
      const refused = await refusal({ email, password: PASSWORD });
      expect(refused.verifiedAgainst, email).toEqual(["account"]);
      expect(refused.statements, email).toEqual(unknown.statements);
    }
  });

  it("counts only the wrong password towards the lockout", async () => {
    const user = await newUser();
    await refusal({ email: user.email, password: "wrong password" });
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } })).toEqual({ failedLoginCount: 1 });
  });
});
