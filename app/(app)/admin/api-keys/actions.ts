"use server";

import { revalidatePath } from "next/cache";
import { ApiKeyCreate, ApiKeyRevoke } from "@/lib/api-keys/schema";
import * as apiKeys from "@/lib/api-keys/service";
import { action } from "@/lib/actions/action";

// The created key travels back to the browser in this action's answer, once; it is never stored or logged.
export const createApiKey = action("api_keys:manage", "createApiKey", ApiKeyCreate, async (ctx, input) => {
  const created = await apiKeys.createApiKey(ctx, input);
  revalidatePath("/admin/api-keys");
  return created;
});

export const revokeApiKey = action("api_keys:manage", "revokeApiKey", ApiKeyRevoke, async (ctx, input) => {
  const revoked = await apiKeys.revokeApiKey(ctx, input);
  revalidatePath("/admin/api-keys");
  return revoked;
});
