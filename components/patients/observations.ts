import type { ObservationResponse } from "@/lib/observations/schema";
import type { ObservationTypeEnum } from "@/lib/shared-schema/enums";
import { formatNumber } from "@/components/ui/format";

// HL7 v2 table 0078: N (normal) and an empty flag are the only "nothing to see" values; anything else
// (L, H, LL, HH, A, AA, <, >, …) is worth a clinician's attention.
const NORMAL_FLAGS: ReadonlySet<string> = new Set(["", "N"]);
const CRITICAL_FLAGS: ReadonlySet<string> = new Set(["LL", "HH", "AA"]);
const FLAG_LABELS: Readonly<Record<string, string>> = {
  N: "Normal",
  L: "Low",
  H: "High",
  LL: "Critical low",
  HH: "Critical high",
  A: "Abnormal",
  AA: "Critical abnormal",
  "<": "Below limit",
  ">": "Above limit",
};

/** Results the chart leaves out: they were never valid. */
const WITHDRAWN_STATUSES: ReadonlySet<string> = new Set(["cancelled", "entered_in_error"]);

/** The order categories appear in on the chart; vitals and labs first, as clinicians read them. */
const CATEGORY_ORDER: readonly ObservationTypeEnum[] = [
  "vital_signs",
  "laboratory",
  "imaging",
  "procedure",
  "exam",
  "survey",
  "social_history",
  "activity",
  "therapy",
];

type Flagged = Pick<ObservationResponse, "abnormalFlag">;

export function isAbnormal({ abnormalFlag }: Flagged): boolean {
  return abnormalFlag !== null && !NORMAL_FLAGS.has(abnormalFlag.toUpperCase());
}

export function isCritical({ abnormalFlag }: Flagged): boolean {
  return abnormalFlag !== null && CRITICAL_FLAGS.has(abnormalFlag.toUpperCase());
}

/** "High", "Critical low" … or the flag itself when it is not a standard one. */
export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag.toUpperCase()] ?? flag;
}

export function observationName(observation: Pick<ObservationResponse, "codeDisplay" | "code">): string {
  return observation.codeDisplay ?? observation.code;
}

/** The result as text: "7.2 mmol/L", "Positive", "Yes" … */
export function observationValue(observation: ObservationResponse): string {
  if (observation.valueQuantity !== null) {
    return [formatNumber(observation.valueQuantity), observation.unit].filter(Boolean).join(" ");
  }
  if (observation.valueString !== null) return observation.valueString;
  if (observation.valueCode !== null) return observation.valueCode;
  if (observation.valueBoolean !== null) return observation.valueBoolean ? "Yes" : "No";
  return "—";
}

/** "3.5–5.1 mmol/L", or the range text the source sent, or "—". */
export function referenceRange(observation: ObservationResponse): string {
  if (observation.referenceRangeText) return observation.referenceRangeText;
  const { referenceRangeLow: low, referenceRangeHigh: high, unit } = observation;
  const suffix = unit ? ` ${unit}` : "";
  if (low !== null && high !== null) return `${formatNumber(low)}–${formatNumber(high)}${suffix}`;
  if (high !== null) return `≤ ${formatNumber(high)}${suffix}`;
  if (low !== null) return `≥ ${formatNumber(low)}${suffix}`;
  return "—";
}

// Results taken together (one set of vitals, one lab panel) share a time; within it they read alphabetically.
const newestFirst = (a: ObservationResponse, b: ObservationResponse) =>
  b.effectiveDatetime.getTime() - a.effectiveDatetime.getTime() || observationName(a).localeCompare(observationName(b));

/** Valid results, newest first. */
export function chartableObservations(observations: readonly ObservationResponse[]): ObservationResponse[] {
  return observations.filter((observation) => !WITHDRAWN_STATUSES.has(observation.status)).sort(newestFirst);
}

export interface ObservationGroup {
  category: ObservationTypeEnum;
  observations: ObservationResponse[];
}

/** Results by category in CATEGORY_ORDER, each newest first; empty categories are left out. */
export function groupByCategory(observations: readonly ObservationResponse[]): ObservationGroup[] {
  const sorted = chartableObservations(observations);
  return CATEGORY_ORDER.map((category) => ({
    category,
    observations: sorted.filter((observation) => observation.observationType === category),
  })).filter((group) => group.observations.length > 0);
}

/** The newest result of each code in `category`, in the order codes were first seen (newest first). */
export function latestByCode(observations: readonly ObservationResponse[], category: ObservationTypeEnum): ObservationResponse[] {
  const latest = new Map<string, ObservationResponse>();
  for (const observation of chartableObservations(observations)) {
    if (observation.observationType === category && !latest.has(observation.code)) latest.set(observation.code, observation);
  }
  return [...latest.values()];
}

export function recentAbnormal(observations: readonly ObservationResponse[], limit: number): ObservationResponse[] {
  return chartableObservations(observations).filter(isAbnormal).slice(0, limit);
}

export interface TrendPoint {
  id: string;
  at: Date;
  value: number;
  flag: string | null;
}

export interface Trend {
  code: string;
  name: string;
  unit: string | null;
  /** The reference range of the newest result: ranges can differ between labs and over time. */
  low: number | null;
  high: number | null;
  /** Oldest first, as a chart reads. */
  points: TrendPoint[];
}

/** One trend per code with at least `minPoints` numeric results, in the order of groupByCategory. */
export function trendsByCode(observations: readonly ObservationResponse[], minPoints = 2): Trend[] {
  const trends = new Map<string, Trend>();
  for (const group of groupByCategory(observations)) {
    for (const observation of group.observations) {
      if (observation.valueQuantity === null) continue;
      let trend = trends.get(observation.code);
      if (!trend) {
        trend = {
          code: observation.code,
          name: observationName(observation),
          unit: observation.unit,
          low: observation.referenceRangeLow,
          high: observation.referenceRangeHigh,
          points: [],
        };
        trends.set(observation.code, trend);
      }
      trend.points.unshift({ id: observation.id, at: observation.effectiveDatetime, value: observation.valueQuantity, flag: observation.abnormalFlag });
    }
  }
  return [...trends.values()].filter((trend) => trend.points.length >= minPoints);
}
