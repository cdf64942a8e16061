import { describe, expect, it } from "vitest";
import { groupBySlot, hashedPart } from "@/lib/cache/hash-tag";

describe("hash tags", () => {
  it("hashes the first non-empty {…} of a key, else the whole key (Redis Cluster's rule)", () => {
    expect(hashedPart("meridian:patient:{p1}:aggregate")).toBe("p1");
    expect(hashedPart("meridian:patient:p1")).toBe("meridian:patient:p1");
    expect(hashedPart("a{}b{c}")).toBe("a{}b{c}");
    expect(hashedPart("a{b}{c}")).toBe("b");
    expect(hashedPart("a{b")).toBe("a{b");
    expect(hashedPart("a}b{c}")).toBe("c");
  });

  it("groups keys that share a hashed part, and leaves every other key on its own", () => {
    expect(groupBySlot(["x:{p1}", "y", "x:{p1}:a", "z", "x:{p2}"])).toEqual([["x:{p1}", "x:{p1}:a"], ["y"], ["z"], ["x:{p2}"]]);
  });
});
