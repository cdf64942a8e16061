import "server-only";
import { randomBytes } from "node:crypto";
import type { AuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { isRole, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

/** What a signed-in session carries: enough to render the shell and check a role, nothing secret. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

declare module "next-auth" {
  interface User {
    role: Role;
  }
  interface Session {
    user?: SessionUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
  }
}

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

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

type FailureReason = "unknown_user" | "inactive" | "locked" | "bad_password";

function logFailure(reason: FailureReason, userId?: string): null {
  logger.warn({ event: "auth.login_failed", reason, userId }, "sign-in failed");
  return null;
}

async function authorizeCredentials(raw: unknown): Promise<User | null> {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, lockedUntil: true, passwordHash: true },
  });
  if (!user) {
    await spendVerificationTime(password);
    return logFailure("unknown_user");
  }
  if (!user.active || (user.lockedUntil && user.lockedUntil > new Date())) {
    await spendVerificationTime(password);
    return logFailure(user.active ? "locked" : "inactive", user.id);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await db().user.update({ where: { id: user.id }, data: { failedLoginCount: { increment: 1 } } });
    return logFailure("bad_password", user.id);
  }

  await db().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date(), failedLoginCount: 0 } });
  logger.info({ event: "auth.login", userId: user.id }, "signed in");
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        try {
          return await authorizeCredentials(credentials);
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
      if (user) Object.assign(token, { id: user.id, role: user.role, name: user.name, email: user.email });
      return token;
    },
    session({ session, token }) {
      const { id, role, name, email } = token;
      if (!id || !isRole(role)) return { expires: session.expires };
      return { expires: session.expires, user: { id, role, name: name ?? "", email: email ?? "" } };
    },
  },
};
