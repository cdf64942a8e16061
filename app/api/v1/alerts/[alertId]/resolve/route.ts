import { jsonResponse } from "@/lib/api/json-response";
import { readJsonBody } from "@/lib/api/json-body";
import { alertIdOfPath } from "@/lib/alerts/api-path";
import { ResolveAlertBody } from "@/lib/alerts/schema";
import { resolveAlert } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

/** Resolves the alert with a note of what was found and done; 409 when it is already resolved. */
export const POST = route<{ alertId: string }>("alerts:manage", async (ctx, request, { alertId }) => {
  const id = alertIdOfPath(alertId);
  const body = ResolveAlertBody.parse(await readJsonBody(request));
  return jsonResponse(await resolveAlert(ctx, { alertId: id, ...body }));
});
