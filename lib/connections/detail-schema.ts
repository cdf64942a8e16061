import { z } from "zod";
import { ConnectionTestView, EMRConnectionResponse } from "@/lib/connections/schema";

/** GET /api/v1/connections/{id}: the connection, its recent tests and its hourly statistics. */
export const ConnectionDetailResponse = z.object({
  connection: EMRConnectionResponse,
  tests: z.array(ConnectionTestView).describe("The last 20 tests, newest first"),
  hourly: z
    .array(
      z.object({
        hour: z.date(),
        total: z.number().int(),
        successful: z.number().int(),
        failed: z.number().int(),
        avgMs: z.number().nullable(),
        p95Ms: z.number().nullable().describe("Upper bound of the latency bucket holding the 95th percentile"),
      }),
    )
    .describe("Requests per hour for the last 24 hours"),
});
export type ConnectionDetailResponse = z.infer<typeof ConnectionDetailResponse>;
