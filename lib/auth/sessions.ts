import "server-only";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { writeAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import type { Role } from "@/lib/auth/roles";
import { env } from "@/lib/env";

// The session registry lives in PostgreSQL, not Redis: a revoked session must stay revoked and a signed-in
// clinician must keep working when Redis is down, and the audit of a session's end commits with it.

export type SessionEndReason = "logout" | "idle" | "expired" | "revoked" | "deactivated" | "role_changed" | "password_reset";

/** How often last_seen_at is written: idle logoff is measured in minutes, so a write per request is waste. */
const TOUCH_INTERVAL_MS = 30_000;

export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

export function sessionPolicy(): SessionPolicy {
  const config = env();
  return { idleMs: config.SESSION_IDLE_MINUTES * 60_000, maxMs: config.SESSION_MAX_HOURS * 3_600_000 };
}

/** Registers a new session inside the sign-in's transaction; its id goes into the session cookie. */
export async function startSession(tx: Tx, userId: string, request: RequestInfo): Promise<string> {
  const { maxMs } = sessionPolicy();
  const session = await tx.userSession.create({
    data: {
      userId,
      ipAddress: request.ipAddress?.slice(0, 45) ?? null,
      userAgent: request.userAgent,
      expiresAt: new Date(Date.now() + maxMs),
    },
    select: { id: true },
  });
  return session.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionHolder {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/**
 * The session's user when the session may serve this request, else null. An idle or over-age session is
 * ended here (and its end audited once); an active one has its last-seen time moved forward.
 */
export async function checkSession(sessionId: string, request: RequestInfo): Promise<SessionHolder | null> {
  if (!UUID.test(sessionId)) return null;
  const session = await db().userSession.findUnique({
    where: { id: sessionId },
    select: { endedAt: true, lastSeenAt: true, expiresAt: true, user: { select: { id: true, name: true, email: true, role: true, active: true } } },
  });
  if (!session || session.endedAt) return null;
  const { active, ...holder } = session.user;
  if (!active) return null;
  const now = Date.now();
  const idle = now - session.lastSeenAt.getTime() > sessionPolicy().idleMs;
  if (idle || session.expiresAt.getTime() <= now) {
    await endSessions({ id: sessionId }, idle ? "idle" : "expired", {
      actor: { kind: "user", id: holder.id, name: holder.name, role: holder.role },
      request,
    });
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().userSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { lastSeenAt: new Date(now) } });
  }
  return holder;
}

interface EndAudit {
  actor: Actor;
  request: RequestInfo;
}

const END_ACTIONS = {
  logout: "auth.logout",
  idle: "auth.session_expired",
  expired: "auth.session_expired",
  revoked: "auth.session_revoked",
  deactivated: "auth.session_revoked",
  role_changed: "auth.session_revoked",
  password_reset: "auth.session_revoked",
} as const satisfies Record<SessionEndReason, string>;

/**
 * Ends the matching open sessions and audits each ending, in `tx` when the ending belongs to a larger change
 * (a role change and the revocation of that user's sessions commit together).
 */
export async function endSessions(
  where: { id: string } | { userId: string },
  reason: SessionEndReason,
  audit: EndAudit,
  tx?: Tx,
): Promise<number> {
  const work = async (client: Tx) => {
    const ended = await client.userSession.updateManyAndReturn({
      where: { ...where, endedAt: null },
      data: { endedAt: new Date(), endReason: reason },
      select: { id: true, userId: true },
    });
    for (const session of ended) {
      await writeAudit(client, {
        action: END_ACTIONS[reason],
        actor: audit.actor,
        request: audit.request,
        outcome: "success",
        statusCode: 200,
        resourceType: "session",
        resourceId: session.id,
        details: { reason, userId: session.userId },
      });
    }
    return ended.length;
  };
  return tx ? work(tx) : inTransaction(work);
}
