import { describe, expect, it } from "vitest";
import { displayUnit, withUnit } from "@/components/patients/units";

describe("displayUnit", () => {
  it.each([
    ["Cel", "°C"],
    ["[degF]", "°F"],
    ["mm[Hg]", "mmHg"],
    ["kg/m2", "kg/m²"],
    ["/min", "/min"],
    ["{beats}/min", "/min"],
    ["%", "%"],
    ["10*3/uL", "×10³/µL"],
    ["10*9/L", "×10⁹/L"],
    ["m[IU]/L", "mIU/L"],
    ["ug/dL", "µg/dL"],
    ["umol/L", "µmol/L"],
    ["U/L", "U/L"],
    ["mg/dL", "mg/dL"],
    ["mL/min/{1.73_m2}", "mL/min/1.73 m²"],
    ["[lb_av]", "lb"],
    ["kg.m-2", "kg·m⁻²"],
  ])("writes %s as %s", (code, written) => {
    expect(displayUnit(code)).toBe(written);
  });

  it("has no unit for none, a blank or a dimensionless code", () => {
    expect(displayUnit(null)).toBeNull();
    expect(displayUnit("  ")).toBeNull();
    expect(displayUnit("1")).toBeNull();
    expect(displayUnit("{ratio}")).toBeNull();
  });

  it("shows a code no rule knows as it was sent", () => {
    expect(displayUnit("beats/minute")).toBe("beats/minute");
  });
});

describe("withUnit", () => {
  it("puts a space before most units and none before % or a per-unit", () => {
    expect(withUnit("36.8", "°C")).toBe("36.8 °C");
    expect(withUnit("105/67", "mmHg")).toBe("105/67 mmHg");
    expect(withUnit("97", "%")).toBe("97%");
    expect(withUnit("72", "/min")).toBe("72/min");
    expect(withUnit("3", null)).toBe("3");
  });
});
