import "server-only";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/sessions";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { registerUser, type AuditSource, type CreatedUser } from "@/lib/users/provisioning";
import type { PasswordReset, SessionRevoke, UserCreate, UserRef, UserRoleChange } from "@/lib/users/schema";

// User administration. Each function checks users:manage itself, and each change commits together with its
// audit row and with the end of the sessions it invalidates: a demoted, deactivated or reset account cannot
// keep using a session opened under its old role or password.

export interface AccountChange {
  userId: string;
  /** Sessions of the user ended by the change. */
  sessionsEnded: number;
}

function sourceOf(ctx: AuthContext): AuditSource {
  return { actor: ctx.actor, request: ctx.request };
}

/** An administrator could otherwise lock themselves (and possibly everyone) out of administration. */
function refuseSelf(ctx: AuthContext, userId: string, message: string): void {
  if (ctx.actor.kind === "user" && ctx.actor.id === userId) throw new AppError("INVALID", message);
}

interface LockedUser {
  id: string;
  role: Role;
  active: boolean;
}

/** The account, its row locked until the transaction ends: concurrent changes queue, so each audit row's "from" is true. */
async function lockUser(tx: Tx, userId: string): Promise<LockedUser> {
  const rows = await tx.$queryRaw<LockedUser[]>`SELECT id, role::text AS role, active FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  const user = rows[0];
  if (!user) throw new AppError("NOT_FOUND", "The user was not found.");
  return user;
}

async function auditChange(
  tx: Tx,
  ctx: AuthContext,
  action: "user.role_changed" | "user.deactivated" | "user.reactivated" | "user.password_reset",
  userId: string,
  details: Record<string, string | number | boolean>,
): Promise<void> {
  await writeAudit(tx, { ...sourceOf(ctx), action, outcome: "success", statusCode: 200, resourceType: "user", resourceId: userId, details });
}

export async function createUser(ctx: AuthContext, input: UserCreate): Promise<CreatedUser> {
  await assertCan(ctx, "users:manage");
  return registerUser(input, sourceOf(ctx));
}

export async function changeRole(ctx: AuthContext, input: UserRoleChange): Promise<AccountChange & { role: Role }> {
  await assertCan(ctx, "users:manage");
  refuseSelf(ctx, input.userId, "You cannot change your own role. Ask another administrator.");
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.role === input.role) throw new AppError("INVALID", "The user already has this role.", { role: ["The user already has this role"] });
    await tx.user.update({ where: { id: user.id }, data: { role: input.role }, select: { id: true } });
    const sessionsEnded = await endSessions({ userId: user.id }, "role_changed", sourceOf(ctx), tx);
    await auditChange(tx, ctx, "user.role_changed", user.id, { from: user.role, to: input.role, sessionsEnded });
    return { userId: user.id, role: input.role, sessionsEnded };
  });
}

export async function deactivateUser(ctx: AuthContext, input: UserRef): Promise<AccountChange> {
  await assertCan(ctx, "users:manage");
  refuseSelf(ctx, input.userId, "You cannot deactivate your own account. Ask another administrator.");
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (!user.active) throw new AppError("INVALID", "The user is already deactivated.");
    await tx.user.update({ where: { id: user.id }, data: { active: false }, select: { id: true } });
    const sessionsEnded = await endSessions({ userId: user.id }, "deactivated", sourceOf(ctx), tx);
    await auditChange(tx, ctx, "user.deactivated", user.id, { sessionsEnded });
    return { userId: user.id, sessionsEnded };
  });
}

export async function reactivateUser(ctx: AuthContext, input: UserRef): Promise<AccountChange> {
  await assertCan(ctx, "users:manage");
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    if (user.active) throw new AppError("INVALID", "The user is already active.");
    await tx.user.update({ where: { id: user.id }, data: { active: true }, select: { id: true } });
    await auditChange(tx, ctx, "user.reactivated", user.id, {});
    return { userId: user.id, sessionsEnded: 0 };
  });
}

/** Sets a new password chosen by the administrator; it also lifts a sign-in lockout, the usual reason for a reset. */
export async function resetPassword(ctx: AuthContext, input: PasswordReset): Promise<AccountChange> {
  await assertCan(ctx, "users:manage");
  const passwordHash = await hashPassword(input.password);
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, input.userId);
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null },
      select: { id: true },
    });
    const sessionsEnded = await endSessions({ userId: user.id }, "password_reset", sourceOf(ctx), tx);
    await auditChange(tx, ctx, "user.password_reset", user.id, { sessionsEnded });
    return { userId: user.id, sessionsEnded };
  });
}

/** Ends one session now (its audit row is written by endSessions). */
export async function revokeSession(ctx: AuthContext, input: SessionRevoke): Promise<{ sessionId: string }> {
  await assertCan(ctx, "users:manage");
  const ended = await endSessions({ id: input.sessionId }, "revoked", sourceOf(ctx));
  if (ended === 0) throw new AppError("NOT_FOUND", "The session has already ended.");
  return { sessionId: input.sessionId };
}
