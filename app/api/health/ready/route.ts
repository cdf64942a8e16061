import { NextResponse, connection } from "next/server";
import { readiness } from "@/lib/health/readiness";

/** Readiness: 200 while PostgreSQL answers, "degraded" when only the cache is down, 503 when the database is. */
export async function GET() {
  await connection();
  const { httpStatus, body } = await readiness();
  return NextResponse.json(body, { status: httpStatus, headers: { "Cache-Control": "no-store" } });
}
