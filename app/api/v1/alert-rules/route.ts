import { jsonResponse } from "@/lib/api/json-response";
import { listRules } from "@/lib/alerts/queries";
import { route } from "@/lib/http/route";

/** Every detection rule with its settings and default thresholds. */
export const GET = route("alerts:read", async (ctx) => {
  return jsonResponse({ data: await listRules(ctx) });
});
