import { complianceCsv } from "@/lib/compliance/csv";
import { CompliancePeriod, periodInput } from "@/lib/compliance/criteria";
import { complianceReport } from "@/lib/compliance/report";
import { route } from "@/lib/http/route";

/** The compliance report's figures as CSV rows (section, metric, value); same period parameters as /compliance. */
export const GET = route("audit:read", async (ctx, request) => {
  const period = CompliancePeriod.parse(periodInput(request.nextUrl.searchParams));
  const report = await complianceReport(ctx, period, "exported");
  return new Response(complianceCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="meridian-compliance-${period.from}-${period.to}.csv"`,
      "cache-control": "no-store",
    },
  });
});
