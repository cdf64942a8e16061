import { NextResponse } from "next/server";

/** Liveness: the process answers. Deliberately touches no database or cache, so a DB outage does not restart it. */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
