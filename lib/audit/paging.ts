import "server-only";
import type { AuditSortField } from "@/lib/audit/criteria";
import type { Where } from "@/lib/audit/filters";
import { EVENT_SELECT, rowOf } from "@/lib/audit/rows";
import type { AuditEventPage } from "@/lib/audit/types";
import type { Tx } from "@/lib/db/transaction";
import type { Prisma } from "@/lib/generated/prisma/client";

interface PageRequest {
  page: number;
  pageSize: number;
}

type Order = Prisma.AuditLogOrderByWithRelationInput[];

// Ties are broken by id in the same direction, so every page boundary is stable.
export function orderOf(sort: AuditSortField, dir: Prisma.SortOrder): Order {
  const primary: Partial<Record<AuditSortField, Prisma.SortOrder>> = { [sort]: dir };
  return sort === "id" ? [primary] : [primary, { id: dir }];
}

export const NEWEST_FIRST: Order = [{ timestamp: "desc" }, { id: "desc" }];

export async function pageOf(tx: Tx, where: Where, orderBy: Order, { page, pageSize }: PageRequest): Promise<AuditEventPage> {
  const total = await tx.auditLog.count({ where });
  const rows = await tx.auditLog.findMany({ where, orderBy, skip: (page - 1) * pageSize, take: pageSize, select: EVENT_SELECT });
  return { data: rows.map(rowOf), page, pageSize, total };
}
