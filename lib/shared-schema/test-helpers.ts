import { expect } from "vitest";
import { z } from "zod";

/** Parses `input` and returns the output, failing the test with the readable issues if it is rejected. */
export function expectValid<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Error(`expected valid input:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Asserts that `input` is rejected with an issue at `path` ("" is the root, "reactions.0.manifestation" nested). */
export function expectIssueAt(schema: z.ZodType, input: unknown, path: string): void {
  const result = schema.safeParse(input);
  expect(result.success, `expected the input to be rejected at "${path}"`).toBe(false);
  expect(result.error?.issues.map((issue) => issue.path.map(String).join("."))).toContain(path);
}

/** Asserts that `input` is refused for exactly these unknown keys (strict objects name them in one issue). */
export function expectUnknownKeys(schema: z.ZodType, input: unknown, keys: readonly string[]): void {
  const result = schema.safeParse(input);
  expect(result.success, `expected unknown keys ${keys.join(", ")} to be refused`).toBe(false);
  const named = result.error?.issues.flatMap((issue) => (issue.code === "unrecognized_keys" ? issue.keys : [])) ?? [];
  expect([...named].sort()).toEqual([...keys].sort());
}

/** A copy of `base` with `changes` applied; undefined values delete keys. */
export function withChanges<T extends object>(base: T, changes: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete copy[key];
  return copy;
}
