import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { requestInfoFrom, type RequestInfo } from "@/lib/audit/context";
import { sameOriginRedirect } from "@/lib/auth/callback-path";
import { currentRequestInfo } from "@/lib/auth/request";
import type { Role } from "@/lib/auth/roles";
import { checkSession, endSessions } from "@/lib/auth/sessions";
import { authorizeCredentials, requestInfoOf } from "@/lib/auth/sign-in";
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
    /** The role the session was opened with (a role change ends the session), for the logout's audit row. */
    role?: Role;
  }
}

/** Fixed error code for an unexpected failure; the login form shows a generic "unavailable" message for it. */
const SIGN_IN_UNAVAILABLE = "SignInUnavailable";

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
    // Where next-auth itself redirects (sign-in, sign-out, errors): paths on this site only.
    redirect({ url, baseUrl }) {
      return sameOriginRedirect(url, baseUrl);
    },
    jwt({ token, user }) {
      // `user` is only present on the sign-in request; later requests carry the token forward unchanged.
      if (user) Object.assign(token, { id: user.id, sid: user.sessionId, email: user.email, name: user.name, role: user.role });
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
      const actor = { kind: "user" as const, id: token.id, name: token.name ?? token.email ?? null, role: token.role ?? null };
      await endSessions({ id: token.sid }, "logout", { actor, request: await callbackRequestInfo() });
    },
  },
};
