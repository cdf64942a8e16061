import { describe, expect, it } from "vitest";
import { containsPattern, escapeLike, prefixPattern } from "@/lib/db/like";

describe("LIKE patterns from typed text", () => {
  it("escapes the wildcards and the escape character, so they match themselves", () => {
    expect(escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(prefixPattern("%")).toBe("\\%%");
  });
});
