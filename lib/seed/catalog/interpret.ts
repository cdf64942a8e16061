import type { Interval, NumericTest, RangeSpec, Sex, Tendency } from "@/lib/seed/catalog/types";

/** HL7 v2 table 0078 abnormal flags the seed produces. */
export type AbnormalFlag = "N" | "H" | "L" | "HH" | "LL";

/** FHIR v3-ObservationInterpretation display for each flag. */
export const INTERPRETATION: Record<AbnormalFlag, string> = {
  N: "Normal",
  H: "High",
  L: "Low",
  HH: "Critical high",
  LL: "Critical low",
};

/** A uniform random number in [0, 1): faker in the demo seed, mulberry32 in the bulk seed. */
export type Random = () => number;

export function rangeFor(test: NumericTest, sex: Sex): RangeSpec {
  return sex === "female" && test.female ? test.female : test;
}

/** The flag comes from the value and the range only, so stored flags always agree with stored values. */
export function flagFor(range: RangeSpec, value: number): AbnormalFlag | null {
  if (range.low === null && range.high === null) return null;
  if (range.criticalLow !== undefined && value < range.criticalLow) return "LL";
  if (range.criticalHigh !== undefined && value > range.criticalHigh) return "HH";
  if (range.low !== null && value < range.low) return "L";
  if (range.high !== null && value > range.high) return "H";
  return "N";
}

export function referenceRangeText(range: RangeSpec, unit: string): string | null {
  if (range.low !== null && range.high !== null) return `${range.low}-${range.high} ${unit}`;
  if (range.high !== null) return `<${range.high} ${unit}`;
  if (range.low !== null) return `>${range.low} ${unit}`;
  return null;
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function within(interval: Interval, random: Random): number {
  return interval[0] + (interval[1] - interval[0]) * random();
}

/**
 * Draws a plausible result: mostly normal, sometimes abnormal, rarely critical. A tendency (from a condition)
 * makes the abnormal side likely, as with a poorly controlled diabetic's glucose.
 */
export function drawValue(test: NumericTest, sex: Sex, random: Random, tendency?: Tendency): number {
  const range = rangeFor(test, sex);
  const roll = random();
  const abnormalHigh = tendency === "high" ? 0.6 : tendency === "low" ? 0.02 : 0.07;
  const abnormalLow = tendency === "low" ? 0.6 : tendency === "high" ? 0.02 : 0.05;
  let value: number;
  if (roll < 0.008 && range.criticalHigh !== undefined && tendency !== "low") {
    value = range.criticalHigh * (1.02 + 0.2 * random());
  } else if (roll < 0.016 && range.criticalLow !== undefined && tendency !== "high") {
    value = range.criticalLow * (0.8 + 0.17 * random());
  } else if (roll < 0.016 + abnormalHigh && range.highValues) {
    value = within(range.highValues, random);
  } else if (roll < 0.016 + abnormalHigh + abnormalLow && range.lowValues) {
    value = within(range.lowValues, random);
  } else {
    value = within(range.normal, random);
  }
  return round(value, test.decimals);
}
