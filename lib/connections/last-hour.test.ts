import { describe, expect, it } from "vitest";
import { lastHourWindow } from "@/lib/connections/last-hour";

describe("lastHourWindow", () => {
  it("counts this hour whole and the previous hour for the part of it inside the last 60 minutes", () => {
    const window = lastHourWindow(Date.parse("2026-12-05T10:15:00Z"));
    expect(window.thisHour).toEqual(new Date("2026-12-05T10:00:00Z"));
    expect(window.previousShare).toBe(0.75);
    expect(window.weightOf(new Date("2026-12-05T10:00:00Z"))).toBe(1);
    expect(window.weightOf(new Date("2026-12-05T09:00:00Z"))).toBe(0.75);
    expect(window.weightOf(new Date("2026-12-05T08:00:00Z"))).toBe(0);
  });

  it("takes the whole previous hour at a full hour and none of it just before the next", () => {
    expect(lastHourWindow(Date.parse("2026-12-05T10:00:00Z")).previousShare).toBe(1);
    expect(lastHourWindow(Date.parse("2026-12-05T10:59:59.999Z")).previousShare).toBeCloseTo(0, 6);
  });
});
