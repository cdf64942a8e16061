import type { z } from "zod";

/**
 * A record's id in its source system means nothing without the system: a source id needs its sourceEmr. Together
 * they are the record's identity across resends (the tables' unique constraints).
 */
export function requireSourceSystem(
  ctx: z.RefinementCtx,
  value: { sourceEmr?: string | null },
  sourceId: string | null | undefined,
): void {
  if (sourceId && !value.sourceEmr) {
    ctx.addIssue({ code: "custom", path: ["sourceEmr"], message: "Required with a source record id", input: value.sourceEmr });
  }
}
