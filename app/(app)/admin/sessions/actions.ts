"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { SessionRevoke } from "@/lib/users/schema";
import * as users from "@/lib/users/service";

export const revokeSession = action("users:manage", "revokeSession", SessionRevoke, async (ctx, input) => {
  const revoked = await users.revokeSession(ctx, input);
  revalidatePath("/admin/sessions");
  revalidatePath("/admin/users/[userId]", "page");
  return revoked;
});
