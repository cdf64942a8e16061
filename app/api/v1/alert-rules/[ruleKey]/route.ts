import { jsonResponse } from "@/lib/api/json-response";
import { readJsonBody } from "@/lib/api/json-body";
import { ruleKeyOfPath } from "@/lib/alerts/api-path";
import { getRule } from "@/lib/alerts/queries";
import { AlertRuleSettingsChange, AlertRuleUpdate } from "@/lib/alerts/schema";
import { updateRule } from "@/lib/alerts/service";
import { route } from "@/lib/http/route";

/** Changes the settings sent (thresholds checked by the rule's own schema); audited with each old and new value. */
export const PATCH = route<{ ruleKey: string }>("alerts:configure", async (ctx, request, { ruleKey }) => {
  const key = ruleKeyOfPath(ruleKey);
  const settings = AlertRuleSettingsChange.parse(await readJsonBody(request));
  const { changed } = await updateRule(ctx, AlertRuleUpdate.parse({ key, ...settings }));
  return jsonResponse({ changed, rule: await getRule(ctx, key) });
});
