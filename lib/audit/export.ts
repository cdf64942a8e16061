import "server-only";
import type { AuditSearchCriteria } from "@/lib/audit/criteria";
import { AUDIT_CSV_HEADER, csvLine, type AuditCsvColumn, type CsvValue } from "@/lib/audit/csv";
import { auditFilterSql, filterSummary, resolveAuditFilter } from "@/lib/audit/filters";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import { inAuditedRead } from "@/lib/db/read-routing";
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";

type ExportRow = Record<AuditCsvColumn, CsvValue | Prisma.JsonValue>;

// The CSV's columns are the database's; ids and uuids as text, the details as compact JSON. (The id's alias is
// text, so the batches order by the qualified column.)
const EXPORTED_COLUMNS = Prisma.raw(
  AUDIT_CSV_HEADER.map((column) => (column === "id" || column === "patient_id" ? `${column}::text AS ${column}` : `"${column}"`)).join(", "),
);

function csvRecord(row: ExportRow): string {
  return csvLine(AUDIT_CSV_HEADER.map((column) => (column === "details" ? (row.details === null ? null : JSON.stringify(row.details)) : (row[column] as CsvValue))));
}

const EXPORT_BATCH_SIZE = 500;

/**
 * Streams the matching events as CSV in id (hash-chain) order, reading keyset-paginated batches as the consumer
 * pulls, so the export never holds the whole trail in memory. Rows are append-only, so the set is fixed by the
 * newest id at the start.
 */
function csvStream(pool: pg.Pool, filter: Prisma.Sql, upToId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterId: string | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (afterId === null) {
        afterId = "0";
        controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
        return;
      }
      const batch = Prisma.sql`
        SELECT ${EXPORTED_COLUMNS} FROM audit_logs
        WHERE ${filter} AND id > ${afterId}::bigint AND id <= ${upToId}::bigint
        ORDER BY audit_logs.id LIMIT ${EXPORT_BATCH_SIZE}`;
      const { rows } = await pool.query<ExportRow>(batch.text, batch.values);
      const last = rows.at(-1);
      if (last) {
        afterId = String(last.id);
        controller.enqueue(encoder.encode(rows.map(csvRecord).join("")));
      }
      if (rows.length < EXPORT_BATCH_SIZE) controller.close();
    },
  });
}

/** The filtered trail as a CSV stream; the `audit.exported` row is committed before the first byte is produced. */
export async function exportAuditCsv(ctx: AuthContext, criteria: AuditSearchCriteria): Promise<ReadableStream<Uint8Array>> {
  await assertCan(ctx, "audit:export");
  // The batches are read where the newest id was read: a replica that had it has every row up to it.
  const { pool, filter, upToId } = await inAuditedRead(ctx.actor, async (run, audit, source) => {
    const resolved = auditFilterSql(await resolveAuditFilter(run, criteria));
    const [newest] = await run<{ id: string | null }>(Prisma.sql`SELECT max(id)::text AS id FROM audit_logs`);
    const upTo = newest?.id ?? "0";
    await audit({
      action: "audit.exported",
      actor: ctx.actor,
      request: ctx.request,
      outcome: "success",
      statusCode: 200,
      resourceType: "audit_log",
      details: { format: "csv", filter: filterSummary(criteria), order: "id", upToId: upTo },
    });
    return { pool: source, filter: resolved.where, upToId: upTo };
  });
  return csvStream(pool, filter, upToId);
}
