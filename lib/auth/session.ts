import "server-only";
import type { Route } from "next";
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

const PLACEHOLDER_ORIGIN = "http://meridian.invalid";

/**
 * A callbackUrl reduced to a path on this site, or `fallback`. Rejects absolute and protocol-relative URLs
 * (open redirects) and the sign-in and auth endpoints themselves (redirect loops).
 */
export function safeCallbackPath(value: unknown, fallback: Route = "/"): Route {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  if (url.pathname === "/login" || url.pathname.startsWith("/api/")) return fallback;
  // Typed routes cannot know a runtime path; it is a same-site path by now, and unknown ones render a 404.
  return `${url.pathname}${url.search}${url.hash}` as Route;
}
