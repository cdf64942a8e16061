import { z } from "zod";

/** One page of a list, as every list function and endpoint returns it. */
export interface Page<T> {
  data: T[];
  page: number;
  pageSize: number;
  total: number;
  /** True when total is the planner's estimate (very large result sets); exact otherwise. */
  totalIsEstimate: boolean;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z.number().int().min(1).describe("Page number, from 1"),
    pageSize: z.number().int().min(1).max(100).describe("Results per page"),
    total: z.number().int().nonnegative().describe("Matches in all pages"),
    totalIsEstimate: z.boolean().describe("True when total is an estimate (more than 10,000 matches)"),
  });
}
