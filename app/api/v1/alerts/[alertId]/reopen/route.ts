import { jsonResponse } from "@/lib/api/json-response";
import { readJsonBody } from "@/lib/api/json-body";
import { alertIdOfPath } from "@/lib/alerts/api-path";
import { ReopenAlertBody } from "@/lib/alerts/schema";
import { reopenAlert } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

/** Reopens a resolved alert with a reason; 409 when it is not resolved or a newer alert about the same subject is open. */
export const POST = route<{ alertId: string }>("alerts:manage", async (ctx, request, { alertId }) => {
  const id = alertIdOfPath(alertId);
  const body = ReopenAlertBody.parse(await readJsonBody(request));
  return jsonResponse(await reopenAlert(ctx, { alertId: id, ...body }));
});
