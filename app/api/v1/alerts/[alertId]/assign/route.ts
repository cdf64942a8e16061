import { jsonResponse } from "@/lib/api/json-response";
import { readJsonBody } from "@/lib/api/json-body";
import { alertIdOfPath } from "@/lib/alerts/api-path";
import { AssignAlertBody } from "@/lib/alerts/schema";
import { assignAlert } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

/** Assigns the alert to someone who may manage alerts, or (assigneeId null) takes the assignment away. */
export const POST = route<{ alertId: string }>("alerts:manage", async (ctx, request, { alertId }) => {
  const id = alertIdOfPath(alertId);
  const body = AssignAlertBody.parse(await readJsonBody(request));
  return jsonResponse(await assignAlert(ctx, { alertId: id, ...body }));
});
