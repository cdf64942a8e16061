import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { AuthContext } from "@/lib/auth/assert";
import { requirePermission } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import { currentRequestInfo } from "@/lib/auth/request";
import { AppError } from "@/lib/errors";

/**
 * requirePermission for pages: not signed in goes to the sign-in page (and back afterwards), signed in
 * without the permission gets the 403 page. `null` asks only for a signed-in user.
 */
export async function requirePagePermission(permission: Permission | null): Promise<AuthContext> {
  const request = await currentRequestInfo();
  try {
    return await requirePermission(permission, request);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "UNAUTHENTICATED") redirect(`/login?callbackUrl=${encodeURIComponent(request.path ?? "/")}`);
    if (error.code === "FORBIDDEN") forbidden();
    throw error;
  }
}
