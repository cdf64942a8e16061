"use server";

import { revalidatePath } from "next/cache";
import { action } from "@/lib/actions/action";
import { PasswordReset, UserCreate, UserRef, UserRoleChange } from "@/lib/users/schema";
import * as users from "@/lib/users/service";

/** The pages that show an account, its status or its sessions. */
function refreshAccountPages(): void {
  revalidatePath("/admin/users");
  revalidatePath("/admin/users/[userId]", "page");
  revalidatePath("/admin/sessions");
}

export const createUser = action("users:manage", "createUser", UserCreate, async (ctx, input) => {
  const user = await users.createUser(ctx, input);
  revalidatePath("/admin/users");
  return user;
});

export const changeRole = action("users:manage", "changeRole", UserRoleChange, async (ctx, input) => {
  const change = await users.changeRole(ctx, input);
  refreshAccountPages();
  return change;
});

export const deactivateUser = action("users:manage", "deactivateUser", UserRef, async (ctx, input) => {
  const change = await users.deactivateUser(ctx, input);
  refreshAccountPages();
  return change;
});

export const reactivateUser = action("users:manage", "reactivateUser", UserRef, async (ctx, input) => {
  const change = await users.reactivateUser(ctx, input);
  refreshAccountPages();
  return change;
});

export const resetPassword = action("users:manage", "resetPassword", PasswordReset, async (ctx, input) => {
  const change = await users.resetPassword(ctx, input);
  refreshAccountPages();
  return change;
});
