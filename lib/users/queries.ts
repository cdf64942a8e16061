import "server-only";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { sessionPolicy } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Page } from "@/lib/patients/page";
import { Uuid } from "@/lib/shared-schema/fields";
import type { UserListCriteria, UserSortField } from "@/lib/users/schema";

// Reads for user administration. Accounts are not patient data, so reads are not audited; changes are
// (service.ts).

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  lastLoginAt: Date | null;
  failedLoginCount: number;
  lockedUntil: Date | null;
  /** lockedUntil is in the future: sign-in is refused until then (or a password reset). */
  locked: boolean;
  createdAt: Date;
}

export interface ActiveSession {
  id: string;
  user: { id: string; name: string; email: string; role: Role };
  ipAddress: string | null;
  userAgent: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The active sessions, most recently seen first; `truncated` when there were more than SESSION_LIST_LIMIT. */
export interface ActiveSessionList {
  data: ActiveSession[];
  truncated: boolean;
}

export interface UserDetails extends UserSummary {
  updatedAt: Date;
  sessions: ActiveSession[];
}

const summarySelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  lastLoginAt: true,
  failedLoginCount: true,
  lockedUntil: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

type SummaryRow = Prisma.UserGetPayload<{ select: typeof summarySelect }>;

function summaryOf(row: SummaryRow, now: Date): UserSummary {
  return { ...row, locked: row.lockedUntil !== null && row.lockedUntil > now };
}

function listWhere(criteria: UserListCriteria): Prisma.UserWhereInput {
  const where: Prisma.UserWhereInput = {};
  if (criteria.q) {
    where.OR = [
      { name: { contains: criteria.q, mode: "insensitive" } },
      { email: { contains: criteria.q, mode: "insensitive" } },
    ];
  }
  if (criteria.role) where.role = criteria.role;
  if (criteria.status) where.active = criteria.status === "active";
  return where;
}

type Direction = UserListCriteria["dir"];

/** Each column's order; ties (and every page boundary) are broken by id, so paging never skips or repeats a row. */
const ORDER_BY: Record<UserSortField, (dir: Direction) => Prisma.UserOrderByWithRelationInput[]> = {
  name: (dir) => [{ name: dir }],
  email: (dir) => [{ email: dir }],
  role: (dir) => [{ role: dir }, { name: "asc" }],
  // Ascending reads like the labels: "Active" before "Deactivated".
  status: (dir) => [{ active: dir === "asc" ? "desc" : "asc" }, { name: "asc" }],
  // Accounts that never signed in go last either way.
  lastLoginAt: (dir) => [{ lastLoginAt: { sort: dir, nulls: "last" } }, { name: "asc" }],
};

export async function listUsers(ctx: AuthContext, criteria: UserListCriteria): Promise<Page<UserSummary>> {
  await assertCan(ctx, "users:manage");
  const where = listWhere(criteria);
  const [rows, total] = await db().$transaction([
    db().user.findMany({
      where,
      select: summarySelect,
      orderBy: [...ORDER_BY[criteria.sort ?? "name"](criteria.dir), { id: "asc" }],
      skip: (criteria.page - 1) * criteria.pageSize,
      take: criteria.pageSize,
    }),
    db().user.count({ where }),
  ]);
  const now = new Date();
  const data = rows.map((row) => summaryOf(row, now));
  return { data, total, page: criteria.page, pageSize: criteria.pageSize, totalIsEstimate: false };
}

/** The account with this e-mail (in any case): for callers that name accounts by e-mail, like the CLI. */
export async function findUserByEmail(ctx: AuthContext, email: string): Promise<UserSummary> {
  await assertCan(ctx, "users:manage");
  const row = await db().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: summarySelect });
  if (!row) throw new AppError("NOT_FOUND", `No user has the e-mail ${email}.`);
  return summaryOf(row, new Date());
}

/**
 * Sessions that can still serve a request: not ended, not past their absolute expiry and not idle. An idle one
 * is only marked ended when it next shows up (lib/auth/sessions.ts), so it is filtered out here.
 */
function activeSessionWhere(userId: string | undefined, now: Date): Prisma.UserSessionWhereInput {
  return {
    ...(userId ? { userId } : {}),
    endedAt: null,
    expiresAt: { gt: now },
    lastSeenAt: { gt: new Date(now.getTime() - sessionPolicy().idleMs) },
  };
}

/** Enough for an overview page; older sessions time out on their own. */
export const SESSION_LIST_LIMIT = 500;

async function findActiveSessions(userId: string | undefined): Promise<ActiveSessionList> {
  const rows = await db().userSession.findMany({
    where: activeSessionWhere(userId, new Date()),
    select: {
      id: true,
      ipAddress: true,
      userAgent: true,
      createdAt: true,
      lastSeenAt: true,
      expiresAt: true,
      user: { select: { id: true, name: true, email: true, role: true } },
    },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    // One more than shown tells whether the list was cut.
    take: SESSION_LIST_LIMIT + 1,
  });
  const data = rows.slice(0, SESSION_LIST_LIMIT).map(({ createdAt, ...row }) => ({ ...row, startedAt: createdAt }));
  return { data, truncated: rows.length > SESSION_LIST_LIMIT };
}

export async function listActiveSessions(ctx: AuthContext, filter: { userId?: string } = {}): Promise<ActiveSessionList> {
  await assertCan(ctx, "users:manage");
  return findActiveSessions(filter.userId);
}

export async function getUser(ctx: AuthContext, userId: string): Promise<UserDetails> {
  await assertCan(ctx, "users:manage");
  // A malformed id (from the URL) is simply not found, rather than a database type error.
  const row = Uuid.safeParse(userId).success
    ? await db().user.findUnique({ where: { id: userId }, select: { ...summarySelect, updatedAt: true } })
    : null;
  if (!row) throw new AppError("NOT_FOUND", "The user was not found.");
  const { data: sessions } = await findActiveSessions(userId);
  return { ...summaryOf(row, new Date()), updatedAt: row.updatedAt, sessions };
}
