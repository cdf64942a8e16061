import { NextResponse } from "next/server";
import { endSessions } from "@/lib/auth/sessions";
import { route } from "@/lib/http/route";

/** Automatic logoff: the browser reports the idle limit reached; the session ends now, audited as expired. */
export const POST = route(null, async (ctx) => {
  if (ctx.sessionId) await endSessions({ id: ctx.sessionId }, "idle", { actor: ctx.actor, request: ctx.request });
  return new NextResponse(null, { status: 204 });
});
