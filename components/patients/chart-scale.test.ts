import { describe, expect, it } from "vitest";
import { minimumSpan, niceDomain } from "@/components/patients/chart-scale";

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

describe("a trend's scale", () => {
  /** How far a change moves on a chart 100 units tall, drawn on the domain for these values. */
  function heightOfChange(values: number[], code: string, bounds: number[] = []) {
    const { domain } = niceDomain([...values, ...bounds], { minSpan: minimumSpan(code, values) });
    return (Math.abs((values[0] ?? 0) - (values.at(-1) ?? 0)) / (domain[1] - domain[0])) * 100;
  }

  it("draws a 0.3% change in weight as a nearly flat line, not a fall", () => {
    // 80.0 kg → 79.76 kg: without a minimum span the domain would hug the two values and the drop fill the chart.
    expect(heightOfChange([80, 79.76], "29463-7")).toBeLessThan(3);
    expect(niceDomain([80, 79.76]).domain[1] - niceDomain([80, 79.76]).domain[0]).toBeLessThan(1);
  });

  it("gives a measure without its own span 20% of its size", () => {
    expect(minimumSpan("2345-7", [100, 100.3])).toBeCloseTo(20.06);
    expect(heightOfChange([100, 100.3], "2345-7")).toBeLessThan(3);
  });

  it("keeps the reference range in view, so a change inside it stays small", () => {
    const { domain } = niceDomain([97, 97.3, 95, 100], { minSpan: minimumSpan("59408-5", [97, 97.3]) });
    expect(domain[0]).toBeLessThanOrEqual(95);
    expect(domain[1]).toBeGreaterThanOrEqual(100);
    expect(heightOfChange([97, 97.3], "59408-5", [95, 100])).toBeLessThan(5);
  });

  it("still lets a clinically real change fill the chart", () => {
    // Heart rate 70 → 130: the full minimum span of 40 is exceeded, so the change spans most of the height.
    expect(heightOfChange([70, 130], "8867-4")).toBeGreaterThan(60);
  });

  it("stays at or above zero for non-negative values", () => {
    expect(niceDomain([0.2, 0.3], { minSpan: 10 }).domain[0]).toBe(0);
  });
});
