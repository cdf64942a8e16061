import type { ColumnChoice } from "@/components/data-table/column-preferences";
import type { AuditSortField } from "@/lib/audit/criteria";

/**
 * The audit table's columns a user may show or hide, in table order (ids are the server's sort keys), and the ones
 * a reviewer scans: with the time, which is always shown (it opens the event), who did what to which patient, and
 * how it ended.
 */
export const AUDIT_TABLE_COLUMNS = {
  columns: [
    "id",
    "username",
    "userId",
    "userRole",
    "action",
    "eventType",
    "eventCategory",
    "patientMrn",
    "patientId",
    "dataCategory",
    "resourceType",
    "resourceId",
    "status",
    "statusCode",
    "requestMethod",
    "requestPath",
    "requestId",
    "ipAddress",
    "userAgent",
    "durationMs",
  ],
  defaults: ["username", "action", "patientMrn", "status"],
} as const satisfies ColumnChoice & { columns: readonly AuditSortField[] };

/** The cookie's table name (see columnsCookieName); the audit pages live under AUDIT_COLUMNS_PATH. */
export const AUDIT_COLUMNS_TABLE = "audit-events";
export const AUDIT_COLUMNS_PATH = "/audit";

/** The columns remembered for one user: the cookie to write and the columns to show now. */
export interface RememberedColumns {
  cookieName: string;
  visible: string[];
}
