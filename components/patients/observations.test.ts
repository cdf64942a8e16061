import { describe, expect, it } from "vitest";
import {
  DIASTOLIC_BP,
  groupByCategory,
  isAbnormal,
  isCritical,
  latestByCode,
  observationValue,
  recentAbnormal,
  referenceRange,
  resultRows,
  SYSTOLIC_BP,
  trendsByCode,
} from "@/components/patients/observations";
import { observationResponseExample } from "@/lib/observations/schema.examples";
import type { ObservationResponse } from "@/lib/observations/schema";

let sequence = 0;
function observation(overrides: Partial<ObservationResponse>): ObservationResponse {
  sequence += 1;
  return { ...observationResponseExample, id: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`, ...overrides };
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 8));

describe("abnormal flags", () => {
  it("treats N and a missing flag as normal and everything else as abnormal", () => {
    expect(isAbnormal({ abnormalFlag: null })).toBe(false);
    expect(isAbnormal({ abnormalFlag: "N" })).toBe(false);
    expect(isAbnormal({ abnormalFlag: "H" })).toBe(true);
    expect(isAbnormal({ abnormalFlag: "a" })).toBe(true);
  });

  it("marks only LL, HH and AA as critical", () => {
    expect(isCritical({ abnormalFlag: "HH" })).toBe(true);
    expect(isCritical({ abnormalFlag: "H" })).toBe(false);
  });
});

describe("grouping", () => {
  const heartRateOld = observation({ code: "8867-4", valueQuantity: 110, abnormalFlag: "H", effectiveDatetime: day(1) });
  const heartRateNew = observation({ code: "8867-4", valueQuantity: 70, abnormalFlag: "N", effectiveDatetime: day(5) });
  const glucose = observation({ observationType: "laboratory", code: "2345-7", codeDisplay: "Glucose", valueQuantity: 250, abnormalFlag: "HH", effectiveDatetime: day(3) });
  const withdrawn = observation({ observationType: "laboratory", code: "2345-7", status: "entered_in_error", effectiveDatetime: day(4) });
  const all = [heartRateOld, glucose, withdrawn, heartRateNew];

  it("orders categories vitals first, newest result first, without withdrawn results", () => {
    const groups = groupByCategory(all);
    expect(groups.map((group) => group.category)).toEqual(["vital_signs", "laboratory"]);
    expect(groups[0]?.observations.map((o) => o.id)).toEqual([heartRateNew.id, heartRateOld.id]);
    expect(groups[1]?.observations.map((o) => o.id)).toEqual([glucose.id]);
  });

  it("keeps the newest result per code", () => {
    expect(latestByCode(all, "vital_signs").map((o) => o.id)).toEqual([heartRateNew.id]);
  });

  it("lists recent abnormal results newest first, up to the limit", () => {
    expect(recentAbnormal(all, 5).map((o) => o.id)).toEqual([glucose.id, heartRateOld.id]);
    expect(recentAbnormal(all, 1)).toHaveLength(1);
  });

  it("builds trends oldest first and leaves out codes with a single numeric result", () => {
    const trends = trendsByCode(all);
    expect(trends.map((trend) => trend.code)).toEqual(["8867-4"]);
    expect(trends[0]?.points.map((point) => point.value)).toEqual([110, 70]);
    expect(trends[0]).toMatchObject({ low: 60, high: 100, unit: "beats/minute" });
  });
});

describe("observationValue", () => {
  it("writes units as people do, with the number", () => {
    expect(observationValue(observation({ valueQuantity: 36.8, unit: "Cel" }))).toBe("36.8 °C");
    expect(observationValue(observation({ valueQuantity: 97, unit: "%" }))).toBe("97%");
    expect(observationValue(observation({ valueQuantity: 72, unit: "/min" }))).toBe("72/min");
    expect(observationValue(observation({ valueQuantity: 24.3, unit: "kg/m2" }))).toBe("24.3 kg/m²");
    expect(observationValue(observation({ valueQuantity: null, valueString: "Positive", unit: null }))).toBe("Positive");
  });
});

describe("referenceRange", () => {
  it("formats the numeric bounds with the written unit, else the source's text", () => {
    expect(referenceRange(observation({ referenceRangeText: "60-100 /min", unit: "/min" }))).toBe("60–100/min");
    expect(referenceRange(observation({ referenceRangeLow: 36.1, referenceRangeHigh: 37.2, unit: "Cel" }))).toBe("36.1–37.2 °C");
    expect(referenceRange(observation({ referenceRangeLow: null, referenceRangeHigh: 5.5, unit: null }))).toBe("≤ 5.5");
    expect(referenceRange(observation({ referenceRangeLow: null, referenceRangeHigh: null, referenceRangeText: "<200 mg/dL" }))).toBe("<200 mg/dL");
    expect(referenceRange(observation({ referenceRangeText: null, referenceRangeLow: null, referenceRangeHigh: null }))).toBe("—");
  });
});

describe("resultRows", () => {
  const at = day(10);
  const pressure = (code: string, value: number, flag: string | null, when = at) =>
    observation({ code, codeDisplay: code === SYSTOLIC_BP ? "Systolic blood pressure" : "Diastolic blood pressure", valueQuantity: value, unit: "mm[Hg]", abnormalFlag: flag, effectiveDatetime: when, referenceRangeLow: code === SYSTOLIC_BP ? 90 : 60, referenceRangeHigh: code === SYSTOLIC_BP ? 120 : 80 });

  it("pairs a systolic and a diastolic pressure taken together into one blood pressure, where the first stood", () => {
    const heartRate = observation({ valueQuantity: 72, unit: "/min", effectiveDatetime: at });
    const rows = resultRows([heartRate, pressure(DIASTOLIC_BP, 67, "N"), pressure(SYSTOLIC_BP, 105, "N")]);
    expect(rows.map((row) => [row.name, row.value])).toEqual([
      ["Heart rate", "72/min"],
      ["Blood pressure", "105/67 mmHg"],
    ]);
    expect(rows[1]).toMatchObject({ unitCode: "mm[Hg]", range: "90–120/60–80 mmHg" });
  });

  it("flags the pair with the more severe of its flags", () => {
    expect(resultRows([pressure(SYSTOLIC_BP, 150, "H"), pressure(DIASTOLIC_BP, 125, "HH")])[0]?.flag).toBe("HH");
    expect(resultRows([pressure(SYSTOLIC_BP, 150, "H"), pressure(DIASTOLIC_BP, 70, "N")])[0]?.flag).toBe("H");
  });

  it("leaves halves taken at different times, or without a value, on their own lines", () => {
    const rows = resultRows([pressure(SYSTOLIC_BP, 118, null), pressure(DIASTOLIC_BP, 76, null, day(11))]);
    expect(rows.map((row) => row.name)).toEqual(["Systolic blood pressure", "Diastolic blood pressure"]);
    expect(rows[0]?.value).toBe("118 mmHg");
  });
});
