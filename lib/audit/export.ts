import "server-only";
import type { AuditSearchCriteria } from "@/lib/audit/criteria";
import { AUDIT_CSV_HEADER, csvLine, type AuditCsvColumn, type CsvValue } from "@/lib/audit/csv";
import { filterSummary, whereOf, type Where } from "@/lib/audit/filters";
import { EVENT_SELECT, type SelectedEvent } from "@/lib/audit/rows";
import { writeAudit } from "@/lib/audit/writer";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { db } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";

const CSV_VALUES: Record<AuditCsvColumn, (row: SelectedEvent) => CsvValue> = {
  id: (row) => row.id,
  timestamp: (row) => row.timestamp,
  event_type: (row) => row.eventType,
  event_category: (row) => row.eventCategory,
  action: (row) => row.action,
  user_id: (row) => row.userId,
  username: (row) => row.username,
  user_role: (row) => row.userRole,
  resource_type: (row) => row.resourceType,
  resource_id: (row) => row.resourceId,
  patient_id: (row) => row.patientId,
  patient_mrn: (row) => row.patientMrn,
  data_category: (row) => row.dataCategory,
  status: (row) => row.status,
  status_code: (row) => row.statusCode,
  ip_address: (row) => row.ipAddress,
  user_agent: (row) => row.userAgent,
  request_method: (row) => row.requestMethod,
  request_path: (row) => row.requestPath,
  request_id: (row) => row.requestId,
  duration_ms: (row) => row.durationMs,
  details: (row) => (row.details === null ? null : JSON.stringify(row.details)),
};

const csvRecord = (row: SelectedEvent) => csvLine(AUDIT_CSV_HEADER.map((column) => CSV_VALUES[column](row)));

const EXPORT_BATCH_SIZE = 500;

/**
 * Streams the matching events as CSV in id (hash-chain) order, reading keyset-paginated batches as the consumer
 * pulls, so the export never holds the whole trail in memory. Rows are append-only, so the set is fixed by the
 * newest id at the start.
 */
function csvStream(where: Where, upToId: bigint): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId: bigint | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (afterId === null) {
        afterId = 0n;
        controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await db().auditLog.findMany({
        where: { AND: [where, { id: { gt: afterId, lte: upToId } }] },
        orderBy: { id: "asc" },
        take: EXPORT_BATCH_SIZE,
        select: EVENT_SELECT,
      });
      const last = rows.at(-1);
      if (last) {
        afterId = last.id;
        controller.enqueue(encoder.encode(rows.map(csvRecord).join("")));
      }
      if (rows.length < EXPORT_BATCH_SIZE) controller.close();
    },
  });
}

/** The filtered trail as a CSV stream; the `audit.exported` row is committed before the first byte is produced. */
export async function exportAuditCsv(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<ReadableStream<Uint8Array>> {
  await assertCan(ctx, "audit:export");
  const { where, upToId } = await inTransaction(async (tx) => {
    const filtered = await whereOf(tx, criteria);
    const newest = await tx.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const upTo = newest?.id ?? 0n;
    await writeAudit(tx, {
      action: "audit.exported",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "audit_log",
      details: { format: "csv", filter: filterSummary(criteria), order: "id", upToId: upTo.toString() },
    });
    return { where: filtered, upToId: upTo };
  });
  return csvStream(where, upToId);
}
