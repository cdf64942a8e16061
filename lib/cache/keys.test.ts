import { describe, expect, it } from "vitest";
import { globToRegExp } from "@/lib/cache/glob";
import { hashedPart } from "@/lib/cache/hash-tag";
import { cacheKeys } from "@/lib/cache/keys";

describe("cacheKeys", () => {
  it("builds the keys of the spec", () => {
    expect(cacheKeys.patient("p1")).toBe("patient:{p1}");
    expect(cacheKeys.observations("p1")).toBe("patient:{p1}:observations");
    expect(cacheKeys.observations("p1", "laboratory")).toBe("patient:{p1}:observations:laboratory");
    expect(cacheKeys.medications("p1")).toBe("patient:{p1}:medications");
    expect(cacheKeys.allergies("p1")).toBe("patient:{p1}:allergies");
    expect(cacheKeys.patientAggregate("p1")).toBe("patient:{p1}:aggregate");
    expect(cacheKeys.connection("c1")).toBe("connection:c1");
    expect(cacheKeys.hl7Message("m1")).toBe("hl7:message:m1");
    expect(cacheKeys.rateLimit("login", "user-1")).toBe("ratelimit:login:user-1");
  });

  it("refuses empty parts, which would make keys shared between callers", () => {
    expect(() => cacheKeys.patient("")).toThrow(RangeError);
    expect(() => cacheKeys.observations("p1", "")).toThrow(RangeError);
    expect(() => cacheKeys.rateLimit("login", "")).toThrow(RangeError);
    expect(() => cacheKeys.patientPattern("")).toThrow(RangeError);
  });

  it("patientPattern matches every key of the patient and none of another patient", () => {
    const pattern = globToRegExp(cacheKeys.patientPattern("p1"));
    const own = [
      cacheKeys.patient("p1"),
      cacheKeys.observations("p1"),
      cacheKeys.observations("p1", "vital_signs"),
      cacheKeys.medications("p1"),
      cacheKeys.allergies("p1"),
      cacheKeys.patientAggregate("p1"),
    ];
    for (const key of own) expect(key).toMatch(pattern);
    for (const key of [cacheKeys.patient("p2"), cacheKeys.observations("p2"), cacheKeys.patient("p12"), cacheKeys.patientAggregate("p12"), cacheKeys.connection("p1"), cacheKeys.rateLimit("login", "p1")]) {
      expect(key).not.toMatch(pattern);
    }
  });

  it("puts every key of one patient in the same Redis Cluster slot, so they can be deleted together", () => {
    const own = [cacheKeys.patient("p1"), cacheKeys.observations("p1", "laboratory"), cacheKeys.medications("p1"), cacheKeys.allergies("p1"), cacheKeys.patientAggregate("p1")];
    expect(new Set(own.map((key) => hashedPart(`meridian:${key}`)))).toEqual(new Set(["p1"]));
    expect(hashedPart(cacheKeys.patient("p2"))).toBe("p2");
  });

  it("escapes glob characters in the id, so an id cannot widen the pattern", () => {
    const pattern = globToRegExp(cacheKeys.patientPattern("*"));
    expect(cacheKeys.patient("*")).toMatch(pattern);
    expect(cacheKeys.patient("p1")).not.toMatch(pattern);
  });
});
