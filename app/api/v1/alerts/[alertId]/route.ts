import { jsonResponse } from "@/lib/api/json-response";
import { getAlert } from "@/lib/alerts/queries";
import { route } from "@/lib/http/route";

/** One alert with its newest linked audit events; an unknown or malformed id is an audited 404. */
export const GET = route<{ alertId: string }>("alerts:read", async (ctx, _request, { alertId }) => {
  return jsonResponse(await getAlert(ctx, alertId));
});
