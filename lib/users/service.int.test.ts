import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import type { AuthContext } from "@/lib/auth/assert";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { checkSession, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import type { Role } from "@/lib/generated/prisma/enums";
import { contextFor } from "@/lib/testing/auth-context";
import { getUser, listActiveSessions, listUsers } from "@/lib/users/queries";
import { UserCreate, UserListCriteria } from "@/lib/users/schema";
import { changeRole, createUser, deactivateUser, reactivateUser, resetPassword, revokeSession } from "@/lib/users/service";

const browser = requestInfoFrom(new Headers({ "user-agent": "test-browser", "x-forwarded-for": "10.1.2.3" }), "GET", "/");

/** An administrator whose account exists, so self-service rules and foreign keys see a real user. */
async function adminContext(): Promise<AuthContext> {
  const ctx = contextFor("admin");
  await db().user.create({
    data: { id: ctx.actor.id, email: ctx.actor.name, name: "Acting Admin", role: "admin", passwordHash: await hashPassword(randomUUID()) },
    select: { id: true },
  });
  return ctx;
}

async function existingUser(role: Role = "clinician", password = "correct horse battery staple") {
  const email = `user-${randomUUID()}@example.test`;
  return db().user.create({
    data: { email, name: `Dana ${email.slice(5, 13)}`, role, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, name: true, role: true },
  });
}

function openSession(userId: string): Promise<string> {
  return inTransaction((tx) => startSession(tx, userId, browser));
}

/** The audit actions written for one request, in order (every test context has its own request id). */
async function auditActionsOf(ctx: AuthContext): Promise<string[]> {
  const rows = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.action);
}

function newUserInput(overrides: Partial<Record<keyof UserCreate, string>> = {}): UserCreate {
  return UserCreate.parse({ email: `New.Person.${randomUUID()}@Example.test`, name: "New Person", role: "clinician", password: "a long enough passphrase", ...overrides });
}

describe("createUser", () => {
  it("stores an argon2id hash, returns no secret and writes one user.created row", async () => {
    const ctx = await adminContext();
    const input = newUserInput();
    const user = await createUser(ctx, input);

    expect(user).toEqual({ id: expect.any(String), email: input.email, name: "New Person", role: "clinician" });
    expect(input.email).toBe(input.email.toLowerCase());
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored.passwordHash, "a long enough passphrase")).toBe(true);
    expect(await auditActionsOf(ctx)).toEqual(["user.created"]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { requestId: ctx.request.requestId } });
    expect(audit).toMatchObject({ userId: ctx.actor.id, resourceType: "user", resourceId: user.id, status: "success", details: { role: "clinician" } });
  });

  it("refuses a duplicate e-mail in any case with CONFLICT on the email field, and audits nothing", async () => {
    const ctx = await adminContext();
    const existing = await existingUser();
    const attempt = createUser(ctx, newUserInput({ email: existing.email.toUpperCase() }));

    await expect(attempt).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { email: ["A user with this e-mail already exists"] } });
    expect(await db().user.count({ where: { email: existing.email } })).toBe(1);
    expect(await auditActionsOf(ctx)).toEqual([]);
  });

  it("rejects a password shorter than 12 characters at the boundary", () => {
    const result = UserCreate.safeParse({ email: "a@example.test", name: "A", role: "admin", password: "short" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["password"]);
  });
});

describe("changes that end the user's sessions", () => {
  it("changeRole switches the role, ends every session of that user only, and audits each", async () => {
    const ctx = await adminContext();
    const user = await existingUser("clinician");
    const bystander = await existingUser("clinician");
    const sessions = [await openSession(user.id), await openSession(user.id)];
    const bystanderSession = await openSession(bystander.id);
    expect(await checkSession(sessions[0] ?? "", browser)).toMatchObject({ id: user.id, role: "clinician" });

    expect(await changeRole(ctx, { userId: user.id, role: "compliance" })).toEqual({ userId: user.id, role: "compliance", sessionsEnded: 2 });

    for (const id of sessions) expect(await checkSession(id, browser)).toBeNull();
    expect(await checkSession(bystanderSession, browser)).toMatchObject({ id: bystander.id });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } })).role).toBe("compliance");
    expect((await auditActionsOf(ctx)).toSorted()).toEqual(["auth.session_revoked", "auth.session_revoked", "user.role_changed"]);
    const change = await db().auditLog.findFirstOrThrow({ where: { requestId: ctx.request.requestId, action: "user.role_changed" } });
    expect(change).toMatchObject({ resourceId: user.id, details: { from: "clinician", to: "compliance", sessionsEnded: 2 } });
    const ended = await db().userSession.findMany({ where: { id: { in: sessions } }, select: { endReason: true } });
    expect(ended).toEqual([{ endReason: "role_changed" }, { endReason: "role_changed" }]);
  });

  it("changeRole to the role the user already has is refused without writing anything", async () => {
    const ctx = await adminContext();
    const user = await existingUser("clinician");
    const session = await openSession(user.id);

    await expect(changeRole(ctx, { userId: user.id, role: "clinician" })).rejects.toMatchObject({ code: "INVALID" });
    expect(await checkSession(session, browser)).not.toBeNull();
    expect(await auditActionsOf(ctx)).toEqual([]);
  });

  it("deactivateUser blocks the account and ends its sessions; reactivateUser restores it", async () => {
    const ctx = await adminContext();
    const user = await existingUser();
    const session = await openSession(user.id);

    expect(await deactivateUser(ctx, { userId: user.id })).toEqual({ userId: user.id, sessionsEnded: 1 });
    expect(await checkSession(session, browser)).toBeNull();
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { active: true } })).active).toBe(false);
    expect((await auditActionsOf(ctx)).toSorted()).toEqual(["auth.session_revoked", "user.deactivated"]);
    await expect(deactivateUser(ctx, { userId: user.id })).rejects.toMatchObject({ code: "INVALID" });

    const again = await adminContext();
    await reactivateUser(again, { userId: user.id });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { active: true } })).active).toBe(true);
    expect(await auditActionsOf(again)).toEqual(["user.reactivated"]);
    // A session ended by deactivation stays ended: the user signs in again.
    expect(await checkSession(session, browser)).toBeNull();
  });

  it("resetPassword replaces the hash, lifts a lockout and ends the sessions", async () => {
    const ctx = await adminContext();
    const user = await existingUser("clinician", "the old passphrase!");
    await db().user.update({ where: { id: user.id }, data: { failedLoginCount: 5, lockedUntil: new Date(Date.now() + 600_000) } });
    const session = await openSession(user.id);

    const newPassword = "a brand new passphrase";
    expect(await resetPassword(ctx, { userId: user.id, password: newPassword, confirmPassword: newPassword })).toEqual({ userId: user.id, sessionsEnded: 1 });

    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true, failedLoginCount: true, lockedUntil: true } });
    expect(await verifyPassword(stored.passwordHash, newPassword)).toBe(true);
    expect(await verifyPassword(stored.passwordHash, "the old passphrase!")).toBe(false);
    expect(stored).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
    expect(await checkSession(session, browser)).toBeNull();
    expect((await auditActionsOf(ctx)).toSorted()).toEqual(["auth.session_revoked", "user.password_reset"]);
  });

  it("reports an unknown user as NOT_FOUND", async () => {
    const ctx = await adminContext();
    await expect(deactivateUser(ctx, { userId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getUser(ctx, "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("an administrator acting on their own account", () => {
  it("cannot deactivate or demote themselves", async () => {
    const ctx = await adminContext();
    const session = await openSession(ctx.actor.id);

    await expect(deactivateUser(ctx, { userId: ctx.actor.id })).rejects.toMatchObject({ code: "INVALID" });
    await expect(changeRole(ctx, { userId: ctx.actor.id, role: "clinician" })).rejects.toMatchObject({ code: "INVALID" });

    expect(await db().user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { role: true, active: true } })).toEqual({ role: "admin", active: true });
    expect(await checkSession(session, browser)).toMatchObject({ id: ctx.actor.id });
    expect(await auditActionsOf(ctx)).toEqual([]);
  });
});

describe("permission", () => {
  it("refuses a clinician with FORBIDDEN, audits each denial and changes nothing", async () => {
    const ctx = contextFor("clinician");
    const user = await existingUser();
    const session = await openSession(user.id);
    const attempts = [
      () => createUser(ctx, newUserInput()),
      () => changeRole(ctx, { userId: user.id, role: "admin" }),
      () => deactivateUser(ctx, { userId: user.id }),
      () => reactivateUser(ctx, { userId: user.id }),
      () => resetPassword(ctx, { userId: user.id, password: "x".repeat(12), confirmPassword: "x".repeat(12) }),
      () => revokeSession(ctx, { sessionId: session }),
      () => listUsers(ctx, UserListCriteria.parse({})),
      () => getUser(ctx, user.id),
      () => listActiveSessions(ctx),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const denials = await db().auditLog.findMany({ where: { requestId: ctx.request.requestId }, select: { action: true, status: true, statusCode: true, userId: true, details: true } });
    expect(denials).toHaveLength(attempts.length);
    for (const denial of denials) {
      expect(denial).toEqual({ action: "access.denied", status: "denied", statusCode: 403, userId: ctx.actor.id, details: { permission: "users:manage", reason: "permission_missing" } });
    }
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true, active: true } })).toEqual({ role: "clinician", active: true });
    expect(await checkSession(session, browser)).toMatchObject({ id: user.id });
  });
});

describe("listUsers", () => {
  it("searches name and e-mail, filters by role and status, pages, and never exposes the hash", async () => {
    const ctx = await adminContext();
    const tag = randomUUID().slice(0, 8);
    const make = (name: string, role: Role, active = true) =>
      db().user.create({ data: { email: `${name.toLowerCase()}.${tag}@example.test`, name: `${name} ${tag}`, role, active, passwordHash: "unused" }, select: { id: true } });
    await make("Alpha", "clinician");
    await make("Bravo", "compliance");
    await make("Charlie", "clinician", false);
    await db().user.update({ where: { id: (await make("Delta", "clinician")).id }, data: { lockedUntil: new Date(Date.now() + 600_000) } });

    const byTag = await listUsers(ctx, UserListCriteria.parse({ q: tag.toUpperCase(), pageSize: "2" }));
    expect(byTag).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(byTag.data.map((user) => user.name)).toEqual([`Alpha ${tag}`, `Bravo ${tag}`]);
    const second = await listUsers(ctx, UserListCriteria.parse({ q: tag, pageSize: "2", page: "2" }));
    expect(second.data.map((user) => user.name)).toEqual([`Charlie ${tag}`, `Delta ${tag}`]);
    expect(second.data[1]).toMatchObject({ locked: true });
    expect(second.data[0]).toMatchObject({ active: false, locked: false });

    const byEmail = await listUsers(ctx, UserListCriteria.parse({ q: `bravo.${tag}@` }));
    expect(byEmail.data.map((user) => user.role)).toEqual(["compliance"]);
    const activeClinicians = await listUsers(ctx, UserListCriteria.parse({ q: tag, role: "clinician", status: "active" }));
    expect(activeClinicians.data.map((user) => user.name)).toEqual([`Alpha ${tag}`, `Delta ${tag}`]);
    expect(JSON.stringify(byTag)).not.toContain("passwordHash");
  });

  it("sorts by every column on the server, both ways, with a stable order across pages", async () => {
    const ctx = await adminContext();
    const tag = randomUUID().slice(0, 8);
    const make = (name: string, email: string, role: Role, active: boolean, lastLoginAt: Date | null) =>
      db().user.create({ data: { email: `${email}.${tag}@example.test`, name: `${name} ${tag}`, role, active, lastLoginAt, passwordHash: "unused" } });
    await make("Alpha", "zulu", "integration", true, new Date("2024-03-01T00:00:00Z"));
    await make("Bravo", "yankee", "admin", false, null);
    await make("Charlie", "xray", "compliance", true, new Date("2024-05-01T00:00:00Z"));
    await make("Delta", "whiskey", "clinician", false, new Date("2024-01-01T00:00:00Z"));
    const names = async (query: Record<string, string>) =>
      (await listUsers(ctx, UserListCriteria.parse({ q: tag, ...query }))).data.map((user) => user.name.slice(0, -tag.length - 1));

    expect(await names({})).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
    expect(await names({ sort: "name", dir: "desc" })).toEqual(["Delta", "Charlie", "Bravo", "Alpha"]);
    expect(await names({ sort: "email" })).toEqual(["Delta", "Charlie", "Bravo", "Alpha"]);
    expect(await names({ sort: "role" })).toEqual(["Bravo", "Delta", "Charlie", "Alpha"]);
    expect(await names({ sort: "-role" })).toEqual(["Alpha", "Charlie", "Delta", "Bravo"]);
    expect(await names({ sort: "status" })).toEqual(["Alpha", "Charlie", "Bravo", "Delta"]);
    expect(await names({ sort: "status", dir: "desc" })).toEqual(["Bravo", "Delta", "Alpha", "Charlie"]);
    // Never signed in sorts last in both directions.
    expect(await names({ sort: "lastLoginAt" })).toEqual(["Delta", "Alpha", "Charlie", "Bravo"]);
    expect(await names({ sort: "lastLoginAt", dir: "desc" })).toEqual(["Charlie", "Alpha", "Delta", "Bravo"]);
    const pages = [...(await names({ sort: "status", pageSize: "3" })), ...(await names({ sort: "status", pageSize: "3", page: "2" }))];
    expect(pages).toEqual(["Alpha", "Charlie", "Bravo", "Delta"]);
    expect(UserListCriteria.safeParse({ sort: "passwordHash" }).success).toBe(false);
  });
});

describe("sessions", () => {
  it("lists only sessions that can still serve a request, per user or all", async () => {
    const ctx = await adminContext();
    const user = await existingUser();
    const live = await openSession(user.id);
    const idle = await openSession(user.id);
    const expired = await openSession(user.id);
    const ended = await openSession(user.id);
    await db().userSession.update({ where: { id: idle }, data: { lastSeenAt: new Date(Date.now() - 24 * 3_600_000) } });
    await db().userSession.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await db().userSession.update({ where: { id: ended }, data: { endedAt: new Date(), endReason: "logout" } });
    const other = await openSession((await existingUser()).id);

    const details = await getUser(ctx, user.id);
    expect(details.sessions.map((session) => session.id)).toEqual([live]);
    expect(details.sessions[0]).toMatchObject({ ipAddress: "10.1.2.3", userAgent: "test-browser", user: { id: user.id, email: user.email } });
    expect(details).not.toHaveProperty("passwordHash");
    const listed = await listActiveSessions(ctx);
    expect(listed.truncated).toBe(false);
    const all = listed.data.map((session) => session.id);
    expect(all).toEqual(expect.arrayContaining([live, other]));
    expect(all).not.toContain(idle);
    expect(all).not.toContain(expired);
    expect(all).not.toContain(ended);
  });

  it("revokeSession ends one session with one audit row; a second revoke is NOT_FOUND", async () => {
    const ctx = await adminContext();
    const user = await existingUser();
    const target = await openSession(user.id);
    const kept = await openSession(user.id);

    expect(await revokeSession(ctx, { sessionId: target })).toEqual({ sessionId: target });
    expect(await checkSession(target, browser)).toBeNull();
    expect(await checkSession(kept, browser)).toMatchObject({ id: user.id });
    expect(await auditActionsOf(ctx)).toEqual(["auth.session_revoked"]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { requestId: ctx.request.requestId } });
    expect(audit).toMatchObject({ userId: ctx.actor.id, resourceType: "session", resourceId: target, details: { reason: "revoked", userId: user.id } });

    await expect(revokeSession(ctx, { sessionId: target })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await auditActionsOf(ctx)).toHaveLength(1);
  });
});
