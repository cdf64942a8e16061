import { readJsonBody } from "@/lib/api/json-body";
import { jsonResponse } from "@/lib/api/json-response";
import { ConnectionListCriteria } from "@/lib/connections/criteria";
import { listConnections } from "@/lib/connections/queries";
import { EMRConnectionCreate } from "@/lib/connections/schema";
import { createConnection } from "@/lib/connections/service";
import { route } from "@/lib/http/route";

/** EMR connections with status, last test and the last hour's traffic; filtered, sorted and paged. */
export const GET = route("connections:read", async (ctx, request) => {
  const criteria = ConnectionListCriteria.parse(request.nextUrl.searchParams);
  return jsonResponse(await listConnections(ctx, criteria));
});

/** Adds a connection; 201 with its Location. Secrets go in `credentials` and are never returned. */
export const POST = route("connections:manage", async (ctx, request) => {
  const input = EMRConnectionCreate.parse(await readJsonBody(request));
  const connection = await createConnection(ctx, input);
  return jsonResponse(connection, { status: 201, headers: { location: `/api/v1/connections/${connection.id}` } });
});
