import "server-only";
import type { Actor, RequestInfo } from "@/lib/audit/context";
import { recordAudit } from "@/lib/audit/writer";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";

// The permission checks domain functions make themselves. Free of Next.js and next-auth, so the same functions
// run in pages, route handlers, the CLI and the benchmarks.

/** Who is calling, as every domain function receives it: checked identity, role and the request's facts. */
export interface AuthContext {
  actor: Actor & { kind: "user" | "api_key" | "cli" | "mllp" | "worker"; id: string; name: string; role: Role };
  role: Role;
  request: RequestInfo;
  /** The signed-in session, when the caller came with a session cookie rather than an API key. */
  sessionId?: string;
}

/** Audits a refused request; the caller then answers 401 (no identity) or 403 (identity without the permission). */
export async function auditDenial(actor: Actor, request: RequestInfo, permission: Permission | null, statusCode: 401 | 403): Promise<void> {
  await recordAudit({
    action: "access.denied",
    actor,
    request,
    outcome: "denied",
    statusCode,
    details: { permission, reason: statusCode === 401 ? "not_authenticated" : "permission_missing" },
  });
}

/**
 * The check every domain function makes itself, even when its caller already checked: a denial is audited and
 * thrown as FORBIDDEN.
 */
export async function assertCan(ctx: AuthContext, permission: Permission): Promise<void> {
  if (can(ctx.role, permission)) return;
  await auditDenial(ctx.actor, ctx.request, permission, 403);
  throw new AppError("FORBIDDEN", "You do not have permission to do this.");
}

/** Like assertCan, for work that any one of several permissions allows (a chart's demographics, say). */
export async function assertCanAny(ctx: AuthContext, permissions: readonly Permission[]): Promise<Permission> {
  const granted = permissions.find((permission) => can(ctx.role, permission));
  if (granted) return granted;
  await auditDenial(ctx.actor, ctx.request, permissions[0] ?? null, 403);
  throw new AppError("FORBIDDEN", "You do not have permission to do this.");
}
