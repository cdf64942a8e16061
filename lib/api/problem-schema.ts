import { z } from "zod";
import type { Problem } from "@/lib/http/problem-details";

/** RFC 9457 problem details, as lib/http/problem.ts writes them: the body of every API error. */
export const ProblemResponse = z
  .object({
    type: z.string().describe("Problem type URI; about:blank"),
    title: z.string().describe("Short summary of the problem class"),
    status: z.number().int().min(400).max(599).describe("HTTP status"),
    detail: z.string().describe("What went wrong, safe to show"),
    code: z
      .enum([
        "UNAUTHENTICATED",
        "FORBIDDEN",
        "NOT_FOUND",
        "METHOD_NOT_ALLOWED",
        "CONFLICT",
        "PAYLOAD_TOO_LARGE",
        "UNSUPPORTED_MEDIA_TYPE",
        "INVALID",
        "RATE_LIMITED",
        "UNAVAILABLE",
        "INTERNAL",
      ] satisfies Problem["code"][])
      .describe("Machine-readable error code"),
    requestId: z.string().describe("Quote it when reporting a problem"),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('Messages per field path (INVALID, CONFLICT); a field the schema does not have gets "Unknown field"'),
  })
  .describe("Problem details (RFC 9457)");
