import { NextResponse } from "next/server";
import { AuditSearchCriteria } from "@/lib/audit/criteria";
import { listAuditEvents } from "@/lib/audit/listing";
import { route } from "@/lib/http/route";

/** One page of audit events as JSON: the audit page's filters, sort (any column) and pagination. */
export const GET = route("audit:read", async (ctx, request) => {
  const criteria = AuditSearchCriteria.parse(request.nextUrl.searchParams);
  return NextResponse.json(await listAuditEvents(ctx, criteria), { headers: { "cache-control": "no-store" } });
});
