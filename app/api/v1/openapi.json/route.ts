import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 document of the JSON API. Public by design: it describes shapes, never data. */
export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
