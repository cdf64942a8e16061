import { jsonResponse } from "@/lib/api/json-response";
import { countOpenAlerts } from "@/lib/alerts/queries";
import { route } from "@/lib/http/route";

/** How many alerts are open or acknowledged (the navigation's badge); names nobody, so it is not audited. */
export const GET = route("alerts:read", async (ctx) => {
  return jsonResponse({ unresolved: await countOpenAlerts(ctx) });
});
