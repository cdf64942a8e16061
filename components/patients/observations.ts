import type { ObservationResponse } from "@/lib/observations/schema";
import type { ObservationStatusEnum, ObservationTypeEnum } from "@/lib/shared-schema/enums";
import { displayUnit, withUnit } from "@/components/patients/units";
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

/** The result as people write it: "7.2 mmol/L", "36.8 °C", "97%", "Positive", "Yes" … */
export function observationValue(observation: ObservationResponse): string {
  if (observation.valueQuantity !== null) return withUnit(formatNumber(observation.valueQuantity), displayUnit(observation.unit));
  if (observation.valueString !== null) return observation.valueString;
  if (observation.valueCode !== null) return observation.valueCode;
  if (observation.valueBoolean !== null) return observation.valueBoolean ? "Yes" : "No";
  return "—";
}

type Bounds = Pick<ObservationResponse, "referenceRangeLow" | "referenceRangeHigh">;

/** "3.5–5.1", "≤ 5.5", "≥ 60", or null without numeric bounds. */
function boundsText({ referenceRangeLow: low, referenceRangeHigh: high }: Bounds): string | null {
  if (low !== null && high !== null) return `${formatNumber(low)}–${formatNumber(high)}`;
  if (high !== null) return `≤ ${formatNumber(high)}`;
  if (low !== null) return `≥ ${formatNumber(low)}`;
  return null;
}

/** "3.5–5.1 mmol/L" from the numeric bounds (units as written), else the range text the source sent, else "—". */
export function referenceRange(observation: ObservationResponse): string {
  const bounds = boundsText(observation);
  if (bounds) return withUnit(bounds, displayUnit(observation.unit));
  return observation.referenceRangeText ?? "—";
}

/** LOINC codes of the two halves of a blood pressure, charted as one reading. */
export const SYSTOLIC_BP = "8480-6";
export const DIASTOLIC_BP = "8462-4";

/** One line of results as a clinician reads it: a blood pressure is one line, "105/67 mmHg". */
export interface ResultRow {
  /** The (first) observation's id: a stable key. */
  id: string;
  name: string;
  value: string;
  /** The UCUM code behind the written unit, for a tooltip; null when the value has none. */
  unitCode: string | null;
  /** The more severe flag of the line's results. */
  flag: string | null;
  range: string;
  at: Date;
  status: ObservationStatusEnum;
  category: ObservationTypeEnum;
}

function severity(flag: string | null): number {
  if (flag === null || !isAbnormal({ abnormalFlag: flag })) return 0;
  return isCritical({ abnormalFlag: flag }) ? 2 : 1;
}

function rowOf(observation: ObservationResponse): ResultRow {
  return {
    id: observation.id,
    name: observationName(observation),
    value: observationValue(observation),
    unitCode: observation.valueQuantity === null ? null : observation.unit,
    flag: observation.abnormalFlag,
    range: referenceRange(observation),
    at: observation.effectiveDatetime,
    status: observation.status,
    category: observation.observationType,
  };
}

function bloodPressureRow(systolic: ObservationResponse, diastolic: ObservationResponse): ResultRow {
  const unit = displayUnit(systolic.unit ?? diastolic.unit);
  const value = (observation: ObservationResponse) => (observation.valueQuantity === null ? "—" : formatNumber(observation.valueQuantity));
  const systolicRange = boundsText(systolic);
  const diastolicRange = boundsText(diastolic);
  return {
    ...rowOf(systolic),
    name: "Blood pressure",
    value: withUnit(`${value(systolic)}/${value(diastolic)}`, unit),
    flag: severity(diastolic.abnormalFlag) > severity(systolic.abnormalFlag) ? diastolic.abnormalFlag : systolic.abnormalFlag,
    range: systolicRange && diastolicRange ? withUnit(`${systolicRange}/${diastolicRange}`, unit) : "—",
  };
}

/**
 * Results as lines, in the order given; a systolic and a diastolic pressure taken at the same time (and both with a
 * value) become one "Blood pressure" line where the first of them stood.
 */
export function resultRows(observations: readonly ObservationResponse[]): ResultRow[] {
  const diastolicAt = new Map<number, ObservationResponse>();
  const systolicAt = new Map<number, ObservationResponse>();
  for (const observation of observations) {
    if (observation.valueQuantity === null) continue;
    const at = observation.effectiveDatetime.getTime();
    if (observation.code === SYSTOLIC_BP && !systolicAt.has(at)) systolicAt.set(at, observation);
    if (observation.code === DIASTOLIC_BP && !diastolicAt.has(at)) diastolicAt.set(at, observation);
  }
  const rows: ResultRow[] = [];
  const pairedTimes = new Set<number>();
  for (const observation of observations) {
    const at = observation.effectiveDatetime.getTime();
    const systolic = systolicAt.get(at);
    const diastolic = diastolicAt.get(at);
    if (!systolic || !diastolic || (observation !== systolic && observation !== diastolic)) {
      rows.push(rowOf(observation));
    } else if (!pairedTimes.has(at)) {
      pairedTimes.add(at);
      rows.push(bloodPressureRow(systolic, diastolic));
    }
  }
  return rows;
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
