import { disclosuresCsv } from "@/lib/compliance/csv";
import { DisclosureCriteria, periodInput } from "@/lib/compliance/criteria";
import { accountingOfDisclosures } from "@/lib/compliance/disclosures";
import { route } from "@/lib/http/route";

/** One patient's accounting of disclosures as CSV; same parameters (mrn, from, to) as /compliance/disclosures. */
export const GET = route("audit:read", async (ctx, request) => {
  const criteria = DisclosureCriteria.parse(periodInput(request.nextUrl.searchParams));
  const accounting = await accountingOfDisclosures(ctx, criteria, "exported");
  return new Response(disclosuresCsv(accounting), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="meridian-disclosures-${criteria.period.from}-${criteria.period.to}.csv"`,
      "cache-control": "no-store",
    },
  });
});
