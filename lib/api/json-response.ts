import { NextResponse } from "next/server";

/** A JSON answer carrying patient data: never stored by browsers or shared caches. */
export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return NextResponse.json(body, { status: init.status ?? 200, headers: { "cache-control": "no-store", ...init.headers } });
}
