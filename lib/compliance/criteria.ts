import { z } from "zod";
import { Mrn } from "@/lib/shared-schema/fields";

const DAY_MS = 86_400_000;
const IsoDate = z.iso.date({ error: "Use a date like 2026-11-01" });

export const CompliancePeriodFields = {
  from: IsoDate.optional().describe("First day of the period (UTC); 29 days before `to` if absent"),
  to: IsoDate.optional().describe("Last day of the period, included (UTC); today if absent"),
};

/** The report's period as whole UTC days, `to` inclusive; the last 30 days when none is given. Shared by page and CSV. */
export const CompliancePeriod = z
  .object(CompliancePeriodFields)
  .strict()
  .transform((value, ctx) => {
    const today = new Date().toISOString().slice(0, 10);
    const to = value.to ?? today;
    const from = value.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    const start = new Date(`${from}T00:00:00.000Z`);
    const end = new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      ctx.addIssue({ code: "custom", message: "Not a calendar date" });
      return z.NEVER;
    }
    if (start >= end) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "The period must start on or before its last day" });
      return z.NEVER;
    }
    return { from, to, start, end };
  });
export type CompliancePeriod = z.infer<typeof CompliancePeriod>;

/** The patient (by MRN) and the period; shared by the page and the CSV route. */
export const DisclosureCriteria = z
  .object({ mrn: Mrn.describe("The patient's MRN"), from: CompliancePeriodFields.from, to: CompliancePeriodFields.to })
  .strict()
  .transform((value, ctx) => {
    const period = CompliancePeriod.safeParse({ from: value.from, to: value.to });
    if (!period.success) {
      for (const issue of period.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return z.NEVER;
    }
    return { mrn: value.mrn, period: period.data };
  });
export type DisclosureCriteria = z.infer<typeof DisclosureCriteria>;

/** Query parameters as the schema's input (only the first value of each). */
export function periodInput(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...params.keys()].map((key) => [key, params.get(key) ?? ""]).filter(([, value]) => value !== ""));
}
