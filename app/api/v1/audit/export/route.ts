import { AuditSearchCriteria } from "@/lib/audit/criteria";
import { exportAuditCsv } from "@/lib/audit/export";
import { route } from "@/lib/http/route";

/** The filtered audit trail as a CSV download (same filters as the audit page), streamed in id order. */
export const GET = route("audit:export", async (ctx, request) => {
  const criteria = AuditSearchCriteria.parse(request.nextUrl.searchParams);
  const csv = await exportAuditCsv(ctx, criteria);
  const date = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="meridian-audit-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
});
