import "server-only";
import { randomBytes } from "node:crypto";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { ANONYMOUS, requestInfoFrom, type Actor, type RequestInfo } from "@/lib/audit/context";
import { recordAudit, writeAudit } from "@/lib/audit/writer";
import { clearRateLimit, overRateLimit } from "@/lib/auth/rate-limit";
import { currentRequestInfo } from "@/lib/auth/request";
import type { Role } from "@/lib/auth/roles";
import { checkSession, endSessions, startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** What a signed-in session carries: enough to render the shell and check a role, nothing secret. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  sessionId: string;
}

declare module "next-auth" {
  interface User {
    role: Role;
    sessionId: string;
  }
  interface Session {
    user?: SessionUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    sid?: string;
  }
}

/** Fixed error code for an unexpected failure; the login form shows a generic "unavailable" message for it. */
const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

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

async function authorizeCredentials(raw: unknown, request: RequestInfo): Promise<User | null> {
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
function requestInfoOf(req: { headers?: Record<string, unknown> } | undefined, path: string): RequestInfo {
  const headerValues = new Headers();
  for (const [name, value] of Object.entries(req?.headers ?? {})) if (typeof value === "string") headerValues.set(name, value);
  return requestInfoFrom(headerValues, "POST", path);
}

/** Request facts inside next-auth's callbacks, which run in a request scope but are not handed the request. */
async function callbackRequestInfo(): Promise<RequestInfo> {
  try {
    return await currentRequestInfo();
  } catch {
    return requestInfoFrom(new Headers(), null, null);
  }
}

/**
 * next-auth options. `secret` and `useSecureCookies` are getters because this module is imported while
 * `next build` collects routes, where the environment (DATABASE_URL…) may be incomplete: env() must only
 * run when a request is handled.
 */
export const authOptions: AuthOptions = {
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  get useSecureCookies() {
    const e = env();
    // SECURE_COOKIES wins; else follow the public URL's scheme; else secure in production only.
    return e.SECURE_COOKIES ?? (e.NEXTAUTH_URL ? e.NEXTAUTH_URL.startsWith("https://") : e.NODE_ENV === "production");
  },
  // The cookie outlives nothing: the registry enforces idle and absolute lifetimes (lib/auth/sessions.ts).
  get session() {
    return { strategy: "jwt" as const, maxAge: env().SESSION_MAX_HOURS * 3600 };
  },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        try {
          return await authorizeCredentials(credentials, requestInfoOf(req, "/api/auth/callback/credentials"));
        } catch (error) {
          // next-auth would put error.message into the redirect URL: replace it with a fixed code.
          logger.error({ event: "auth.login_error", err: error }, "sign-in could not be checked");
          throw new Error(SIGN_IN_UNAVAILABLE);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present on the sign-in request; later requests carry the token forward unchanged.
      if (user) Object.assign(token, { id: user.id, sid: user.sessionId, email: user.email });
      return token;
    },
    // Every read of the session (pages, actions, route handlers, the client) asks the registry, so a revoked,
    // idle or over-age session ends at once, and the name and role shown are the current ones.
    async session({ session, token }) {
      const signedOut = { expires: session.expires };
      if (!token.sid) return signedOut;
      const user = await checkSession(token.sid, await callbackRequestInfo());
      if (!user) return signedOut;
      return { expires: session.expires, user: { id: user.id, role: user.role, name: user.name, email: user.email, sessionId: token.sid } };
    },
  },
  events: {
    async signOut({ token }) {
      if (!token.sid || !token.id) return;
      await endSessions({ id: token.sid }, "logout", { actor: { kind: "user", id: token.id, name: null, role: null }, request: await callbackRequestInfo() });
    },
  },
};
