import type { AuditSortField } from "@/lib/audit/criteria";

/** What a sortable audit column holds, which decides how a page boundary on it is written and checked. */
export type AuditColumnType = "text" | "integer" | "uuid" | "bigint" | "timestamp";

export interface AuditSortColumn {
  /** The column in audit_logs. */
  column: string;
  type: AuditColumnType;
  nullable: boolean;
  /** Longest value the column holds (text), so a cursor cannot carry more. */
  maxLength?: number;
  /**
   * An index on (column, timestamp, id) serves this sort: pages are exact over the whole trail. Without one, the
   * page sorts the newest matching events only (see AUDIT_SORT_WINDOW).
   */
  indexed: boolean;
}

const text = (column: string, maxLength: number, indexed: boolean): AuditSortColumn => ({ column, type: "text", nullable: true, maxLength, indexed });

/**
 * Every sortable column. The indexed ones are those a reviewer filters by (each index serves its filter with
 * newest-first order, and the sort by the column); the rest — free text from the client, codes and durations —
 * would cost an index on every audited write for a sort that is rarely wanted over millions of rows.
 */
export const AUDIT_SORT_COLUMNS: Record<AuditSortField, AuditSortColumn> = {
  id: { column: "id", type: "bigint", nullable: false, indexed: true },
  timestamp: { column: "timestamp", type: "timestamp", nullable: false, indexed: true },
  eventType: { column: "event_type", type: "text", nullable: false, maxLength: 64, indexed: true },
  eventCategory: text("event_category", 64, false),
  action: { column: "action", type: "text", nullable: false, maxLength: 128, indexed: true },
  userId: text("user_id", 64, true),
  username: text("username", 255, true),
  userRole: text("user_role", 32, false),
  resourceType: text("resource_type", 64, true),
  resourceId: text("resource_id", 128, true),
  patientId: { column: "patient_id", type: "uuid", nullable: true, indexed: true },
  patientMrn: text("patient_mrn", 64, true),
  dataCategory: text("data_category", 32, true),
  ipAddress: text("ip_address", 64, false),
  userAgent: text("user_agent", 512, false),
  requestMethod: text("request_method", 16, false),
  requestPath: text("request_path", 1024, false),
  requestId: text("request_id", 64, true),
  status: { column: "status", type: "text", nullable: false, maxLength: 16, indexed: true },
  statusCode: { column: "status_code", type: "integer", nullable: true, indexed: false },
  durationMs: { column: "duration_ms", type: "integer", nullable: true, indexed: false },
};

/**
 * How many of the newest matching events a sort by an unindexed column orders. Up to this many matches the order
 * is exact; beyond, the page says so.
 */
export const AUDIT_SORT_WINDOW = 10_000;
