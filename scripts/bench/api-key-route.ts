import { requestInfoFrom } from "@/lib/audit/context";
import { apiKeyContext } from "@/lib/auth/api-key-auth";
import { assertCan, type AuthContext } from "@/lib/auth/assert";
import type { Permission } from "@/lib/auth/permissions";

// What an API route runs for a Bearer key, in-process: route()'s key lookup and permission check, then the handler's
// body. lib/http/route.ts itself cannot be loaded under tsx's react-server condition (its session branch imports
// next/navigation), so benchmarks call this instead of the route module; no socket, no Next.js request parsing.

export async function asApiKey(request: Request, key: string, permission: Permission, handler: (ctx: AuthContext, url: URL) => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const info = requestInfoFrom(request.headers, request.method, url.pathname);
  const ctx = await apiKeyContext(key, info);
  if (!ctx) throw new Error("the bench API key was refused");
  await assertCan(ctx, permission);
  return handler(ctx, url);
}
