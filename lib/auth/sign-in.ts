import "server-only";
import type { User } from "next-auth";
import { z } from "zod";
import { ANONYMOUS, requestInfoFrom, type Actor, type RequestInfo } from "@/lib/audit/context";
import { recordAudit, writeAudit } from "@/lib/audit/writer";
import { DECOY_PASSWORD_HASH, verifyPassword } from "@/lib/auth/password";
import { clearRateLimit, overRateLimit } from "@/lib/auth/rate-limit";
import type { Role } from "@/lib/auth/roles";
import { startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

// Credentials sign-in: one generic answer for every failure (unknown user, wrong password, locked, inactive,
// API-only role, rate limited), every attempt audited, a lockout after repeated failures, and a registered session
// on success.
//
// A refused attempt must not tell an existing account from an unknown one, by its answer or by its cost: every
// attempt that reaches the account lookup runs the same steps — one lookup, one argon2 verification (against the
// account's hash, or a decoy hash with the same parameters) and, when refused, one transaction with the same
// statements (the failure counter's UPDATE, matching no row when nothing is counted, and the audit INSERT). Only the
// attempt that triggers a lockout adds an UPDATE and a second audit row.

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(255)),
  // Capped so a huge body cannot make argon2 hash megabytes.
  password: z.string().min(1).max(1024),
});

/** Roles that exist for API keys only (other systems); their accounts cannot open the web app. */
const API_ONLY_ROLES: ReadonlySet<Role> = new Set(["integration"]);

/** Matches no account: what the failure counter's UPDATE is given when the attempt is not counted. */
const NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";

type FailureReason = "invalid_input" | "unknown_user" | "inactive" | "locked" | "bad_password" | "api_only_role";

interface KnownUser {
  id: string;
  name: string;
  role: Role;
}

function userActor(user: KnownUser): Actor {
  return { kind: "user", id: user.id, name: user.name, role: user.role };
}

async function refuseEarly(action: "auth.login_failed" | "auth.rate_limited", request: RequestInfo, details: Record<string, string>): Promise<null> {
  logger.warn({ event: action, ...details }, "sign-in refused");
  await recordAudit({ action, actor: ANONYMOUS, request, outcome: "failure", statusCode: 401, resourceType: "user", details });
  return null;
}

interface Failure {
  reason: Exclude<FailureReason, "invalid_input">;
  email: string;
  /** The account the attempt named, when there is one. */
  user: KnownUser | null;
  /** A wrong password counts towards the lockout; nothing else does. */
  counted: boolean;
}

/**
 * Records a refused attempt in one transaction: the failure counter (locking the account at the limit) and the
 * audit row. The same statements run whatever the reason; see the comment at the top.
 */
async function refuse({ reason, email, user, counted }: Failure, request: RequestInfo): Promise<null> {
  const config = env();
  await inTransaction(async (tx) => {
    const [account] = await tx.user.updateManyAndReturn({
      where: { id: counted && user ? user.id : NO_ACCOUNT },
      data: { failedLoginCount: { increment: 1 } },
      select: { failedLoginCount: true },
    });
    const failedLoginCount = account?.failedLoginCount;
    const details = user ? { reason, ...(failedLoginCount === undefined ? {} : { failedLoginCount }) } : { reason, attemptedEmail: email };
    const base = { actor: user ? userActor(user) : ANONYMOUS, request, outcome: "failure" as const, statusCode: 401, resourceType: "user", resourceId: user?.id };
    await writeAudit(tx, { ...base, action: "auth.login_failed", details });
    if (!user || failedLoginCount === undefined || failedLoginCount < config.LOGIN_MAX_FAILURES) return;
    const lockedUntil = new Date(Date.now() + config.LOGIN_LOCKOUT_MINUTES * 60_000);
    await tx.user.update({ where: { id: user.id }, data: { lockedUntil, failedLoginCount: 0 }, select: { id: true } });
    await writeAudit(tx, { ...base, action: "auth.locked_out", details: { lockedUntil: lockedUntil.toISOString(), failedLoginCount } });
  });
  logger.warn({ event: "auth.login_failed", reason, userId: user?.id }, "sign-in refused");
  return null;
}

export async function authorizeCredentials(raw: unknown, request: RequestInfo): Promise<User | null> {
  const config = env();
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return refuseEarly("auth.login_failed", request, { reason: "invalid_input" satisfies FailureReason });
  const { email, password } = parsed.data;

  const window = config.LOGIN_RATE_LIMIT_WINDOW_SECONDS;
  if (request.ipAddress && (await overRateLimit("login_ip", request.ipAddress, config.LOGIN_RATE_LIMIT_PER_IP, window))) {
    return refuseEarly("auth.rate_limited", request, { scope: "ip", attemptedEmail: email });
  }
  if (await overRateLimit("login_account", email, config.LOGIN_RATE_LIMIT_PER_ACCOUNT, window)) {
    return refuseEarly("auth.rate_limited", request, { scope: "account", attemptedEmail: email });
  }

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, lockedUntil: true, passwordHash: true },
  });
  const passwordMatches = await verifyPassword(user?.passwordHash ?? DECOY_PASSWORD_HASH, password);
  if (!user) return refuse({ reason: "unknown_user", email, user: null, counted: false }, request);
  const locked = user.lockedUntil !== null && user.lockedUntil > new Date();
  if (!user.active || locked) return refuse({ reason: user.active ? "locked" : "inactive", email, user, counted: false }, request);
  if (!passwordMatches) return refuse({ reason: "bad_password", email, user, counted: true }, request);
  if (API_ONLY_ROLES.has(user.role)) return refuse({ reason: "api_only_role", email, user, counted: false }, request);

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
