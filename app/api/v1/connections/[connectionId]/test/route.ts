import { jsonResponse } from "@/lib/api/json-response";
import { testConnection } from "@/lib/connections/testing";
import { route } from "@/lib/http/route";

type Params = { connectionId: string };

/** Tests the connection now (FHIR metadata, or an MLLP test message) and returns the stored result. */
export const POST = route<Params>("connections:manage", async (ctx, _request, { connectionId }) => {
  return jsonResponse(await testConnection(ctx, connectionId));
});
