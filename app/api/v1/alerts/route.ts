import { jsonResponse } from "@/lib/api/json-response";
import { listAlerts } from "@/lib/alerts/queries";
import { AlertListCriteria } from "@/lib/alerts/schema";
import { route } from "@/lib/http/route";

/** One page of security alerts: the /alerts page's filters, sort and pagination. Audited. */
export const GET = route("alerts:read", async (ctx, request) => {
  const criteria = AlertListCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse(await listAlerts(ctx, criteria));
});
