import { describe, expect, it } from "vitest";
import { linearScale, niceDomain } from "@/components/patients/chart-scale";

describe("niceDomain", () => {
  it("leaves room around the values and rounds to ticks that cover them", () => {
    const { domain, ticks } = niceDomain([62, 98, 60, 100]);
    expect(domain).toEqual([40, 120]);
    expect(ticks).toEqual([40, 60, 80, 100, 120]);
  });

  it("keeps decimal ticks free of floating-point noise", () => {
    expect(niceDomain([0.3, 0.7]).ticks).toEqual([0.2, 0.4, 0.6, 0.8]);
  });

  it("does not go below zero for non-negative values", () => {
    expect(niceDomain([0, 4]).domain[0]).toBe(0);
  });

  it("gives a single value room on both sides", () => {
    const { domain } = niceDomain([5, 5]);
    expect(domain[0]).toBeLessThan(5);
    expect(domain[1]).toBeGreaterThan(5);
  });
});

describe("linearScale", () => {
  it("maps the domain onto the range, inverted for SVG's downward y axis", () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
  });

  it("centres everything when the domain is a single point", () => {
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });
});
