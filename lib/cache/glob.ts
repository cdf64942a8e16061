// Redis glob patterns (SCAN MATCH, KEYS): `*`, `?`, `[abc]`, `[^a-z]`, and `\` to take the next character literally.

const GLOB_SPECIAL = /[*?[\]\\]/g;

/** Makes a literal (a key prefix, an id) safe to embed in a pattern, so "a*b" matches only "a*b". */
export function escapeGlob(literal: string): string {
  return literal.replace(GLOB_SPECIAL, "\\$&");
}

const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/-]/g;

function escapeRegExp(literal: string): string {
  return literal.replace(REGEXP_SPECIAL, "\\$&");
}

/**
 * Translates a Redis glob into an anchored RegExp with Redis' own rules (see stringmatchlen in util.c),
 * so the in-memory store matches exactly the keys Redis would: an unclosed `[` runs to the end of the
 * pattern, and a reversed range such as `[z-a]` is the same as `[a-z]`.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  let index = 0;
  while (index < pattern.length) {
    const char = pattern.charAt(index);
    if (char === "*") {
      source += ".*";
      index += 1;
    } else if (char === "?") {
      source += ".";
      index += 1;
    } else if (char === "\\" && index + 1 < pattern.length) {
      source += escapeRegExp(pattern.charAt(index + 1));
      index += 2;
    } else if (char === "[") {
      const parsed = parseClass(pattern, index + 1);
      source += parsed.source;
      index = parsed.next;
    } else {
      source += escapeRegExp(char);
      index += 1;
    }
  }
  // `s`: `?` and `*` match any byte in Redis, newlines included.
  return new RegExp(`^${source}$`, "s");
}

function parseClass(pattern: string, start: number): { source: string; next: number } {
  let index = start;
  let negate = false;
  if (pattern.charAt(index) === "^") {
    negate = true;
    index += 1;
  }
  let members = "";
  while (index < pattern.length && pattern.charAt(index) !== "]") {
    let char = pattern.charAt(index);
    if (char === "\\" && index + 1 < pattern.length) {
      index += 1;
      char = pattern.charAt(index);
      members += escapeRegExp(char);
      index += 1;
    } else if (pattern.charAt(index + 1) === "-" && index + 2 < pattern.length) {
      const end = pattern.charAt(index + 2);
      const [low, high] = char <= end ? [char, end] : [end, char];
      members += `${escapeRegExp(low)}-${escapeRegExp(high)}`;
      index += 3;
    } else {
      members += escapeRegExp(char);
      index += 1;
    }
  }
  const next = index < pattern.length ? index + 1 : index;
  if (members === "") return { source: negate ? "[^]" : "(?!)", next };
  return { source: `[${negate ? "^" : ""}${members}]`, next };
}
