import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { authOptions, type SessionUser } from "@/lib/auth/options";

export type CurrentUser = SessionUser;

/** The signed-in user or null. Memoised per request so the layout and the page decode the cookie once. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // Marks the caller as request-time before authOptions reads the environment, so `next build` never
  // prerenders a signed-in page (or needs DATABASE_URL and secrets to try).
  await connection();
  const session = await getServerSession(authOptions);
  return session?.user ?? null;
});

/** For pages and layouts: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}
