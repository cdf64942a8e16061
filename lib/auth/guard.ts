import "server-only";
import { ANONYMOUS, type RequestInfo } from "@/lib/audit/context";
import { assertCan, auditDenial, type AuthContext } from "@/lib/auth/assert";
import type { Permission } from "@/lib/auth/permissions";
import { currentRequestInfo } from "@/lib/auth/request";
import { getCurrentUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/** The signed-in user's context from the session cookie, or null. Pages, server actions and route handlers. */
export async function sessionContext(request?: RequestInfo): Promise<AuthContext | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  return {
    actor: { kind: "user", id: user.id, name: user.name, role: user.role },
    role: user.role,
    request: request ?? (await currentRequestInfo()),
    sessionId: user.sessionId,
  };
}

/**
 * The one authorization entry point for sessions: the caller's context when signed in with `permission`,
 * otherwise an audited UNAUTHENTICATED (401) or FORBIDDEN (403).
 */
export async function requirePermission(permission: Permission | null, request?: RequestInfo): Promise<AuthContext> {
  const info = request ?? (await currentRequestInfo());
  const ctx = await sessionContext(info);
  if (!ctx) {
    await auditDenial(ANONYMOUS, info, permission, 401);
    throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  }
  if (permission) await assertCan(ctx, permission);
  return ctx;
}
