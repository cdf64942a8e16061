import { describe, expect, it } from "vitest";
import { groupByCategory, isAbnormal, isCritical, latestByCode, recentAbnormal, referenceRange, trendsByCode } from "@/components/patients/observations";
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

describe("referenceRange", () => {
  it("prefers the source's text, then formats the numeric bounds", () => {
    expect(referenceRange(observation({ referenceRangeText: "<200 mg/dL" }))).toBe("<200 mg/dL");
    expect(referenceRange(observation({ referenceRangeText: null }))).toBe("60–100 beats/minute");
    expect(referenceRange(observation({ referenceRangeText: null, referenceRangeLow: null, referenceRangeHigh: 5.5, unit: null }))).toBe("≤ 5.5");
    expect(referenceRange(observation({ referenceRangeText: null, referenceRangeLow: null, referenceRangeHigh: null }))).toBe("—");
  });
});
