import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { getConnection } from "@/lib/connections/queries";
import { EMRConnectionUpdate } from "@/lib/connections/schema";
import { setConnectionActive, updateConnection } from "@/lib/connections/service";
import { route } from "@/lib/http/route";

type Params = { connectionId: string };

/** One connection with its last 20 tests and its hourly request statistics for 24 hours. */
export const GET = route<Params>("connections:read", async (ctx, _request, { connectionId }) => {
  return jsonResponse(await getConnection(ctx, connectionId));
});

/** Changes the fields sent; `isActive: false` deactivates; `credentials` sets the named secrets, null removes all. */
export const PATCH = route<Params>("connections:manage", async (ctx, request, { connectionId }) => {
  const input = EMRConnectionUpdate.parse(await readJsonBody(request));
  return jsonResponse(await updateConnection(ctx, connectionId, input));
});

/** Deactivates the connection (kept with its history; PATCH `isActive: true` or the page reactivates it). */
export const DELETE = route<Params>("connections:manage", async (ctx, _request, { connectionId }) => {
  return jsonResponse(await setConnectionActive(ctx, connectionId, false));
});
