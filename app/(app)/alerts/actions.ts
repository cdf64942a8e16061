"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { ruleUpdateFromForm } from "@/lib/alerts/rule-form";
import { AcknowledgeAlert, AlertRuleUpdate, AssignAlert, ReopenAlert, ResolveAlert } from "@/lib/alerts/schema";
import { acknowledgeAlert, assignAlert, reopenAlert, resolveAlert, updateRule } from "@/lib/alerts/service";

// Every change refreshes the whole app layout too: the navigation's badge counts unresolved alerts.
function alertsChanged(): void {
  revalidatePath("/", "layout");
}

export const acknowledgeAlertAction = action("alerts:manage", "acknowledgeAlertAction", AcknowledgeAlert, async (ctx, input) => {
  const change = await acknowledgeAlert(ctx, input);
  alertsChanged();
  return change;
});

export const assignAlertAction = action("alerts:manage", "assignAlertAction", AssignAlert, async (ctx, input) => {
  const change = await assignAlert(ctx, input);
  alertsChanged();
  return change;
});

export const resolveAlertAction = action("alerts:manage", "resolveAlertAction", ResolveAlert, async (ctx, input) => {
  const change = await resolveAlert(ctx, input);
  alertsChanged();
  return change;
});

export const reopenAlertAction = action("alerts:manage", "reopenAlertAction", ReopenAlert, async (ctx, input) => {
  const change = await reopenAlert(ctx, input);
  alertsChanged();
  return change;
});

export const updateAlertRuleAction = action("alerts:configure", "updateAlertRuleAction", z.preprocess(ruleUpdateFromForm, AlertRuleUpdate), async (ctx, input) => {
  const change = await updateRule(ctx, input);
  revalidatePath("/alerts/rules");
  return change;
});
