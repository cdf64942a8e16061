import "server-only";
import { cookies } from "next/headers";
import { AUDIT_COLUMNS_TABLE, AUDIT_TABLE_COLUMNS, type RememberedColumns } from "@/components/audit/audit-columns";
import { columnsCookieName, visibleColumnsFrom } from "@/components/data-table/column-preferences";

/** The audit table's columns as this user last chose them (the defaults until they choose). */
export async function rememberedAuditColumns(userId: string): Promise<RememberedColumns> {
  const cookieName = columnsCookieName(AUDIT_COLUMNS_TABLE, userId);
  const visible = visibleColumnsFrom((await cookies()).get(cookieName)?.value, AUDIT_TABLE_COLUMNS);
  return { cookieName, visible };
}
