"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { reprocessMessages } from "@/lib/hl7/ingest/reprocess";
import { ReprocessHl7Input } from "@/lib/hl7/store/criteria";

/** Applies the chosen failed messages again (hl7:manage); the list and the detail views then show the new outcome. */
export const reprocessHl7MessagesAction = action("hl7:manage", "reprocessHl7MessagesAction", ReprocessHl7Input, async (ctx, { ids }) => {
  const outcomes = await reprocessMessages(ctx, ids);
  revalidatePath("/hl7", "layout");
  return outcomes;
});
