import { isAlertRuleKey, type AlertRuleKey } from "@/lib/alerts/rules";
import { AlertId } from "@/lib/alerts/schema";
import { AppError } from "@/lib/errors";

// The ids the API's URL paths carry. A malformed one names nothing, so it is answered like an unknown one (404),
// not as a field error: the path is not a form the caller filled in.

export function alertIdOfPath(alertId: string): string {
  if (!AlertId.safeParse({ alertId }).success) throw new AppError("NOT_FOUND", "There is no such alert.");
  return alertId;
}

export function ruleKeyOfPath(key: string): AlertRuleKey {
  if (!isAlertRuleKey(key)) throw new AppError("NOT_FOUND", "There is no such rule.");
  return key;
}
