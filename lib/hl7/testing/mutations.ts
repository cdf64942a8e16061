import fc from "fast-check";

/** One random edit of a message: bytes inserted, a stretch deleted, a character replaced by a delimiter. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.string({ unit: "binary", maxLength: 8 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.nat(10) }),
  fc.record({ kind: fc.constant("delimiter" as const), at: fc.nat(), char: fc.constantFrom("|", "^", "~", "\\", "&", "\r", "\n", "#", "\x0b", "\x1c") }),
);

export type Mutation = { kind: string; at: number; text?: string; length?: number; char?: string };

/** The text with the edits applied in order (positions wrap around its length). */
export function mutate(text: string, mutations: Mutation[]): string {
  let result = text;
  for (const change of mutations) {
    const at = result.length === 0 ? 0 : change.at % result.length;
    if (change.kind === "insert") result = result.slice(0, at) + (change.text ?? "") + result.slice(at);
    else if (change.kind === "delete") result = result.slice(0, at) + result.slice(at + (change.length ?? 0));
    else result = result.slice(0, at) + (change.char ?? "") + result.slice(at + 1);
  }
  return result;
}
