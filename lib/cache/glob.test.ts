import { describe, expect, it } from "vitest";
import { escapeGlob, globToRegExp } from "@/lib/cache/glob";

const matches = (pattern: string, key: string) => globToRegExp(pattern).test(key);

describe("globToRegExp (Redis MATCH rules)", () => {
  it.each([
    ["*", "", true],
    ["*", "anything:at:all", true],
    ["patient:*", "patient:1:observations", true],
    ["patient:*", "patients:1", false],
    ["h?llo", "hello", true],
    ["h?llo", "hllo", false],
    ["h[ae]llo", "hallo", true],
    ["h[ae]llo", "hillo", false],
    ["h[^e]llo", "hallo", true],
    ["h[^e]llo", "hello", false],
    ["h[a-c]llo", "hbllo", true],
    ["h[c-a]llo", "hbllo", true],
    ["h[a-c]llo", "hdllo", false],
    ["a\\*b", "a*b", true],
    ["a\\*b", "axb", false],
    ["[\\]]", "]", true],
    ["[]", "a", false],
    ["[^]", "a", true],
    ["a.b", "a.b", true],
    ["a.b", "axb", false],
    ["(x)+", "(x)+", true],
    ["x?", "x\n", true],
    ["[abc", "b", true],
    ["trailing\\", "trailing\\", true],
  ])("%s matches %j: %s", (pattern, key, expected) => {
    expect(matches(pattern, key)).toBe(expected);
  });
});

describe("escapeGlob", () => {
  it.each(["a*b", "q?", "[x]", "back\\slash", "plain:key", "^-.$"])("%s only matches itself", (literal) => {
    expect(matches(escapeGlob(literal), literal)).toBe(true);
    expect(matches(escapeGlob(literal), `${literal}x`)).toBe(false);
  });
});
