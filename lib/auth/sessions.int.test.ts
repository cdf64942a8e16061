import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { checkSession, endSessions, sessionPolicy, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { createUser } from "@/lib/seed/accounts";

const request = () => requestInfoFrom(new Headers({ "x-request-id": randomUUID() }), "GET", "/");

async function signedIn() {
  const user = await createUser({ email: `s-${randomUUID()}@test.example`, name: "Session Holder", role: "clinician", password: "a long enough password" });
  const sessionId = await inTransaction((tx) => startSession(tx, user.id, request()));
  return { user, sessionId };
}

async function endings(sessionId: string) {
  return db().auditLog.findMany({ where: { resourceType: "session", resourceId: sessionId }, select: { action: true, details: true } });
}

describe("session registry", () => {
  it("serves an active session and moves its last-seen time forward", async () => {
    const { user, sessionId } = await signedIn();
    const stale = new Date(Date.now() - 5 * 60_000);
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: stale } });
    expect((await checkSession(sessionId, request()))?.id).toBe(user.id);
    const { lastSeenAt } = await db().userSession.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeenAt: true } });
    expect(lastSeenAt.getTime()).toBeGreaterThan(stale.getTime());
  });

  it("logs off an idle session and audits the expiry once", async () => {
    const { sessionId } = await signedIn();
    await db().userSession.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - sessionPolicy().idleMs - 1000) } });
    expect(await checkSession(sessionId, request())).toBeNull();
    expect(await checkSession(sessionId, request())).toBeNull();
    expect(await endings(sessionId)).toEqual([{ action: "auth.session_expired", details: expect.objectContaining({ reason: "idle" }) }]);
  });

  it("ends a session at its absolute lifetime even when active", async () => {
    const { sessionId } = await signedIn();
    await db().userSession.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await checkSession(sessionId, request())).toBeNull();
    expect(await endings(sessionId)).toEqual([{ action: "auth.session_expired", details: expect.objectContaining({ reason: "expired" }) }]);
  });

  it("revokes every session of a user at once", async () => {
    const first = await signedIn();
    const second = await inTransaction((tx) => startSession(tx, first.user.id, request()));
    const actor = { kind: "user" as const, id: randomUUID(), name: "admin@test.example", role: "admin" };
    expect(await endSessions({ userId: first.user.id }, "role_changed", { actor, request: request() })).toBe(2);
    expect(await checkSession(first.sessionId, request())).toBeNull();
    expect(await checkSession(second, request())).toBeNull();
    expect(await endings(second)).toEqual([{ action: "auth.session_revoked", details: expect.objectContaining({ reason: "role_changed" }) }]);
  });

  it("refuses a session of a deactivated user and a malformed id", async () => {
    const { user, sessionId } = await signedIn();
    await db().user.update({ where: { id: user.id }, data: { active: false } });
    expect(await checkSession(sessionId, request())).toBeNull();
    expect(await checkSession("not-a-uuid", request())).toBeNull();
  });
});
