import { describe, expect, it } from "vitest";
import { AllergyReaction } from "@/lib/allergies/schema";
import { ALLERGENS } from "@/lib/seed/catalog/allergens";
import { drawValue, flagFor, rangeFor, referenceRangeText } from "@/lib/seed/catalog/interpret";
import { LAB_PANELS, LAB_TESTS, labTest } from "@/lib/seed/catalog/labs";
import { MEDICATIONS, medicationsFor } from "@/lib/seed/catalog/medications";
import type { Condition, NumericTest, RangeSpec } from "@/lib/seed/catalog/types";
import { VITAL_SIGNS } from "@/lib/seed/catalog/vitals";
import { luhnCheckDigit, mulberry32 } from "@/lib/seed/random";

const ALL_TESTS: readonly NumericTest[] = [...VITAL_SIGNS, ...LAB_TESTS];

function validLoinc(code: string): boolean {
  const match = /^(\d{1,7})-(\d)$/.exec(code);
  return match !== null && luhnCheckDigit(match[1] ?? "") === Number(match[2]);
}

describe("vital signs and labs", () => {
  it("use LOINC codes with valid check digits, each once", () => {
    const codes = [...ALL_TESTS.map((test) => test.code), ...LAB_PANELS.map((panel) => panel.code)];
    for (const code of codes) expect(validLoinc(code), code).toBe(true);
    expect(new Set(ALL_TESTS.map((test) => test.code)).size).toBe(ALL_TESTS.length);
  });

  it.each([
    ["8867-4", "/min"], ["9279-1", "/min"], ["8310-5", "Cel"], ["8480-6", "mm[Hg]"], ["8462-4", "mm[Hg]"], ["59408-5", "%"],
    ["29463-7", "kg"], ["8302-2", "cm"], ["39156-5", "kg/m2"], ["2345-7", "mg/dL"], ["4548-4", "%"], ["2160-0", "mg/dL"],
    ["2951-2", "mmol/L"], ["2823-3", "mmol/L"], ["718-7", "g/dL"], ["6690-2", "10*3/uL"], ["777-3", "10*3/uL"],
    ["13457-7", "mg/dL"], ["2085-9", "mg/dL"], ["3016-3", "m[IU]/L"], ["1742-6", "U/L"],
  ])("has %s in %s", (code, unit) => {
    expect(ALL_TESTS.find((test) => test.code === code)?.unit).toBe(unit);
  });

  it("has about fifteen or more labs, and panels only reference catalogued tests", () => {
    expect(LAB_TESTS.length).toBeGreaterThanOrEqual(15);
    for (const panel of LAB_PANELS) for (const code of panel.tests) expect(() => labTest(code)).not.toThrow();
  });

  const ranges: [string, RangeSpec][] = ALL_TESTS.flatMap((test) => [
    [test.code, test] as [string, RangeSpec],
    ...(test.female ? [[`${test.code} (female)`, test.female] as [string, RangeSpec]] : []),
  ]);

  it.each(ranges)("%s draws normal values inside its range and abnormal ones outside", (_code, range) => {
    if (range.low !== null && range.high !== null) expect(range.low).toBeLessThan(range.high);
    if (range.low === null && range.high === null) {
      expect(flagFor(range, range.normal[0])).toBeNull();
      return;
    }
    expect(flagFor(range, range.normal[0])).toBe("N");
    expect(flagFor(range, range.normal[1])).toBe("N");
    if (range.highValues) expect(flagFor(range, range.highValues[0])).toMatch(/^HH?$/);
    if (range.lowValues) expect(flagFor(range, range.lowValues[1])).toMatch(/^LL?$/);
  });
});

describe("flagFor / referenceRangeText", () => {
  const glucose = labTest("2345-7");
  it.each([[45, "LL"], [65, "L"], [85, "N"], [150, "H"], [450, "HH"]] as const)("glucose %d mg/dL is %s", (value, flag) => {
    expect(flagFor(glucose, value)).toBe(flag);
  });
  it("applies female ranges where they differ", () => {
    const hemoglobin = labTest("718-7");
    expect(flagFor(rangeFor(hemoglobin, "female"), 12.5)).toBe("N");
    expect(flagFor(rangeFor(hemoglobin, "male"), 12.5)).toBe("L");
  });
  it("writes one-sided ranges the way labs print them", () => {
    expect(referenceRangeText(labTest("13457-7"), "mg/dL")).toBe("<100 mg/dL");
    expect(referenceRangeText(labTest("2085-9"), "mg/dL")).toBe(">40 mg/dL");
    expect(referenceRangeText(labTest("2951-2"), "mmol/L")).toBe("135-145 mmol/L");
  });
});

describe("drawValue", () => {
  it("is mostly normal, sometimes abnormal, rarely critical", () => {
    const random = mulberry32(7);
    const glucose = labTest("2345-7");
    const flags = Array.from({ length: 10_000 }, () => flagFor(glucose, drawValue(glucose, "male", random)));
    const share = (flag: string) => flags.filter((f) => f === flag).length / flags.length;
    expect(share("N")).toBeGreaterThan(0.8);
    expect(share("H")).toBeGreaterThan(0.03);
    expect(share("L")).toBeGreaterThan(0.02);
    expect(share("HH") + share("LL")).toBeGreaterThan(0.002);
    expect(share("HH") + share("LL")).toBeLessThan(0.03);
  });
  it("follows a condition's tendency and is reproducible", () => {
    const a1c = labTest("4548-4");
    const draw = (seed: number) => Array.from({ length: 2_000 }, ((random) => () => drawValue(a1c, "female", random, "high"))(mulberry32(seed)));
    const values = draw(3);
    expect(values).toEqual(draw(3));
    expect(values.filter((value) => flagFor(a1c, value) === "H").length / values.length).toBeGreaterThan(0.5);
  });
});

describe("medications", () => {
  it("lists about 25 RxNorm drugs with strength, dose, unit, route and frequency", () => {
    expect(MEDICATIONS.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MEDICATIONS.map((m) => m.rxnorm)).size).toBe(MEDICATIONS.length);
    for (const m of MEDICATIONS) {
      expect(m.rxnorm).toMatch(/^\d{3,8}$/);
      expect(m.dose).toBeGreaterThan(0);
      for (const field of [m.name, m.strength, m.doseUnit, m.route, m.frequency, m.instructions]) expect(field.length).toBeGreaterThan(0);
    }
  });
  it("covers every chronic condition the patients can have", () => {
    const conditions: Condition[] = ["hypertension", "diabetes", "hyperlipidemia", "hypothyroidism", "depression", "asthma",
      "atrial_fibrillation", "heart_failure", "coronary_artery_disease", "chronic_pain"];
    for (const condition of conditions) expect(medicationsFor(condition).length, condition).toBeGreaterThan(0);
  });
});

describe("allergens", () => {
  it("lists the common allergens with codes, categories and valid reactions", () => {
    expect(ALLERGENS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(ALLERGENS.map((a) => a.code)).size).toBe(ALLERGENS.length);
    const names = ALLERGENS.map((a) => a.name.toLowerCase()).join(" | ");
    for (const expected of ["penicillin", "sulfamethoxazole", "peanut", "shellfish", "latex", "bee venom", "pollen"]) {
      expect(names).toContain(expected);
    }
    for (const allergen of ALLERGENS) {
      expect(allergen.code).toMatch(/^\d+$/);
      for (const reaction of allergen.reactions) expect(AllergyReaction.safeParse(reaction).success).toBe(true);
    }
    expect(new Set(ALLERGENS.map((a) => a.category))).toEqual(new Set(["medication", "food", "environment"]));
  });
});
