import { z } from "zod";

const SSN_FORMAT = /^(?:(\d{3})-(\d{2})-(\d{4})|(\d{3})(\d{2})(\d{4}))$/;

/**
 * Why a US Social Security number is not valid, or null when it is. SSA never issues area 000, 666 or 900–999,
 * group 00 or serial 0000.
 */
export function ssnProblem(value: string): string | null {
  const match = SSN_FORMAT.exec(value);
  if (!match) return "Must be 9 digits, written 123-45-6789 or 123456789";
  const [area = "", group = "", serial = ""] = match[1] === undefined ? match.slice(4, 7) : match.slice(1, 4);
  if (area === "000" || area === "666" || area.startsWith("9")) return "Invalid SSN area number (first three digits)";
  if (group === "00") return "Invalid SSN group number (middle two digits)";
  if (serial === "0000") return "Invalid SSN serial number (last four digits)";
  return null;
}

/** SSN as entered on Create/Update, normalized to 9 digits; the service encrypts it and keeps the last four. */
export const SsnInput = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = ssnProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  })
  .transform((value) => value.replace(/-/g, ""))
  .describe("US Social Security number, 123-45-6789 or 123456789; write-only, never returned");
export type SsnInput = z.infer<typeof SsnInput>;
