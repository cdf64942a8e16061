import { jsonResponse } from "@/lib/api/json-response";
import { alertIdOfPath } from "@/lib/alerts/api-path";
import { acknowledgeAlert } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

/** open → acknowledged; 409 for an alert already acknowledged or resolved. */
export const POST = route<{ alertId: string }>("alerts:manage", async (ctx, _request, { alertId }) => {
  return jsonResponse(await acknowledgeAlert(ctx, { alertId: alertIdOfPath(alertId) }));
});
