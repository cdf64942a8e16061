import { describe, expect, it } from "vitest";
import { ssnProblem } from "@/lib/patients/ssn";
import { deterministicUuid, luhnCheckDigit, mulberry32, npiFrom, ssnFrom } from "@/lib/seed/random";

describe("mulberry32", () => {
  it("repeats for a seed and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1_000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe("deterministicUuid", () => {
  // 600,000 ids: seconds on a loaded 2-core machine, so more than the default 5 s budget.
  it("gives version-4-shaped, repeatable, distinct ids", { timeout: 30_000 }, () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => deterministicUuid(42, i, 0));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Far beyond the ~65,000 ids where a 32-bit hash starts to collide: bulk seeds make millions.
    const many = new Set<string>();
    for (let key = 0; key < 100_000; key += 1) for (let part = 0; part < 6; part += 1) many.add(deterministicUuid(42, key, part));
    expect(many.size).toBe(600_000);
    expect(deterministicUuid(42, 7, 1)).toBe(deterministicUuid(42, 7, 1));
    expect(deterministicUuid(42, 7, 1)).not.toBe(deterministicUuid(43, 7, 1));
  });
});

describe("luhn", () => {
  it("matches LOINC check digits and the CMS example NPI", () => {
    expect(luhnCheckDigit("8867")).toBe(4);
    expect(luhnCheckDigit("2345")).toBe(7);
    expect(npiFrom("123456789")).toBe("1234567893");
  });
});

describe("ssnFrom", () => {
  it("only produces numbers the SSA could issue", () => {
    const random = mulberry32(1);
    for (let i = 0; i < 5_000; i += 1) expect(ssnProblem(ssnFrom(random))).toBeNull();
  });
});
