import "server-only";
import { randomBytes } from "node:crypto";
import type { User } from "next-auth";
import { z } from "zod";
import { ANONYMOUS, requestInfoFrom, type Actor, type RequestInfo } from "@/lib/audit/context";
import { recordAudit, writeAudit } from "@/lib/audit/writer";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { clearRateLimit, overRateLimit } from "@/lib/auth/rate-limit";
import type { Role } from "@/lib/auth/roles";
import { startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// Credentials sign-in: one generic answer for every failure (unknown user, wrong password, locked, rate
// limited), every attempt audited, a lockout after repeated failures, and a registered session on success.

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(255)),
  // Capped so a huge body cannot make argon2 hash megabytes.
  password: z.string().min(1).max(1024),
});

// Unknown and inactive accounts still pay for one argon2 verification, so response time does not reveal
// which emails exist.
let timingHash: Promise<string> | undefined;
function spendVerificationTime(password: string): Promise<boolean> {
  timingHash ??= hashPassword(randomBytes(24).toString("base64url"));
  return timingHash.then((hash) => verifyPassword(hash, password));
}

type FailureReason = "invalid_input" | "unknown_user" | "inactive" | "locked" | "bad_password";

interface KnownUser {
  id: string;
  name: string;
  role: Role;
}

function userActor(user: KnownUser): Actor {
  return { kind: "user", id: user.id, name: user.name, role: user.role };
}

async function refuse(action: "auth.login_failed" | "auth.rate_limited", request: RequestInfo, details: Record<string, string>, user?: KnownUser): Promise<null> {
  logger.warn({ event: action, ...details, userId: user?.id }, "sign-in refused");
  await recordAudit({ action, actor: user ? userActor(user) : ANONYMOUS, request, outcome: "failure", statusCode: 401, resourceType: "user", resourceId: user?.id, details });
  return null;
}

/** A wrong password: counts the failure and, at the limit, locks the account, in one transaction with its audit rows. */
async function recordBadPassword(user: KnownUser, request: RequestInfo): Promise<void> {
  const config = env();
  await inTransaction(async (tx) => {
    const { failedLoginCount } = await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } }, select: { failedLoginCount: true } });
    const base = { actor: userActor(user), request, outcome: "failure" as const, statusCode: 401, resourceType: "user", resourceId: user.id };
    await writeAudit(tx, { ...base, action: "auth.login_failed", details: { reason: "bad_password", failedLoginCount } });
    if (failedLoginCount < config.LOGIN_MAX_FAILURES) return;
    const lockedUntil = new Date(Date.now() + config.LOGIN_LOCKOUT_MINUTES * 60_000);
    await tx.user.update({ where: { id: user.id }, data: { lockedUntil, failedLoginCount: 0 } });
    await writeAudit(tx, { ...base, action: "auth.locked_out", details: { lockedUntil: lockedUntil.toISOString(), failedLoginCount } });
  });
  logger.warn({ event: "auth.login_failed", reason: "bad_password", userId: user.id }, "sign-in refused");
}

export async function authorizeCredentials(raw: unknown, request: RequestInfo): Promise<User | null> {
  const config = env();
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return refuse("auth.login_failed", request, { reason: "invalid_input" satisfies FailureReason });
  const { email, password } = parsed.data;

  const window = config.LOGIN_RATE_LIMIT_WINDOW_SECONDS;
  if (request.ipAddress && (await overRateLimit("login_ip", request.ipAddress, config.LOGIN_RATE_LIMIT_PER_IP, window))) {
    return refuse("auth.rate_limited", request, { scope: "ip", attemptedEmail: email });
  }
  if (await overRateLimit("login_account", email, config.LOGIN_RATE_LIMIT_PER_ACCOUNT, window)) {
    return refuse("auth.rate_limited", request, { scope: "account", attemptedEmail: email });
  }

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, lockedUntil: true, passwordHash: true },
  });
  if (!user) {
    await spendVerificationTime(password);
    return refuse("auth.login_failed", request, { reason: "unknown_user" satisfies FailureReason, attemptedEmail: email });
  }
  const locked = user.lockedUntil !== null && user.lockedUntil > new Date();
  if (!user.active || locked) {
    await spendVerificationTime(password);
    return refuse("auth.login_failed", request, { reason: (user.active ? "locked" : "inactive") satisfies FailureReason }, user);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordBadPassword(user, request);
    return null;
  }

  const sessionId = await inTransaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(), failedLoginCount: 0, lockedUntil: null } });
    const id = await startSession(tx, user.id, request);
    await writeAudit(tx, { action: "auth.login_succeeded", actor: userActor(user), request, outcome: "success", statusCode: 200, resourceType: "session", resourceId: id });
    return id;
  });
  await clearRateLimit("login_account", email);
  logger.info({ event: "auth.login_succeeded", userId: user.id }, "signed in");
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId };
}

/** next-auth's request is a plain object of headers; the audit trail wants the same facts as any other request. */
export function requestInfoOf(req: { headers?: Record<string, unknown> } | undefined, path: string): RequestInfo {
  const headerValues = new Headers();
  for (const [name, value] of Object.entries(req?.headers ?? {})) if (typeof value === "string") headerValues.set(name, value);
  return requestInfoFrom(headerValues, "POST", path);
}
