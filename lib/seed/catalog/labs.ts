import type { LabPanel, NumericTest } from "@/lib/seed/catalog/types";

// Common adult reference intervals (serum/plasma unless stated); critical limits follow typical laboratory
// call-back lists. LOINC long common names as displays, UCUM units.

function lab(test: Omit<NumericTest, "type">): NumericTest {
  return { ...test, type: "laboratory" };
}

export const LAB_TESTS: readonly NumericTest[] = [
  lab({ code: "2345-7", display: "Glucose [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 0,
    low: 70, high: 99, criticalLow: 50, criticalHigh: 400, normal: [74, 98], lowValues: [55, 69], highValues: [101, 240],
    tendencies: { diabetes: "high" } }),
  lab({ code: "4548-4", display: "Hemoglobin A1c/Hemoglobin.total in Blood", unit: "%", decimals: 1,
    low: 4, high: 5.6, normal: [4.6, 5.6], highValues: [5.8, 10.5], tendencies: { diabetes: "high" } }),
  lab({ code: "2160-0", display: "Creatinine [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 2,
    low: 0.74, high: 1.35, criticalHigh: 5, normal: [0.8, 1.25], lowValues: [0.5, 0.7], highValues: [1.4, 2.6],
    female: { low: 0.59, high: 1.04, criticalHigh: 5, normal: [0.62, 1], lowValues: [0.42, 0.57], highValues: [1.08, 2.2] },
    tendencies: { heart_failure: "high" } }),
  lab({ code: "3094-0", display: "Urea nitrogen [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 0,
    low: 7, high: 20, normal: [8, 19], lowValues: [4, 6], highValues: [22, 45], tendencies: { heart_failure: "high" } }),
  lab({ code: "2951-2", display: "Sodium [Moles/volume] in Serum or Plasma", unit: "mmol/L", decimals: 0,
    low: 135, high: 145, criticalLow: 120, criticalHigh: 160, normal: [136, 144], lowValues: [128, 134], highValues: [146, 150] }),
  lab({ code: "2823-3", display: "Potassium [Moles/volume] in Serum or Plasma", unit: "mmol/L", decimals: 1,
    low: 3.5, high: 5.1, criticalLow: 2.8, criticalHigh: 6.2, normal: [3.7, 5], lowValues: [3, 3.4], highValues: [5.2, 5.9] }),
  lab({ code: "2075-0", display: "Chloride [Moles/volume] in Serum or Plasma", unit: "mmol/L", decimals: 0,
    low: 98, high: 107, normal: [99, 106], lowValues: [92, 97], highValues: [108, 112] }),
  lab({ code: "2028-9", display: "Carbon dioxide, total [Moles/volume] in Serum or Plasma", unit: "mmol/L", decimals: 0,
    low: 22, high: 29, normal: [23, 28], lowValues: [17, 21], highValues: [30, 33] }),
  lab({ code: "17861-6", display: "Calcium [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 1,
    low: 8.6, high: 10.3, criticalLow: 6.5, criticalHigh: 13, normal: [8.8, 10.1], lowValues: [7.8, 8.5], highValues: [10.4, 11.4] }),
  lab({ code: "718-7", display: "Hemoglobin [Mass/volume] in Blood", unit: "g/dL", decimals: 1,
    low: 13.5, high: 17.5, criticalLow: 7, criticalHigh: 20, normal: [13.8, 17], lowValues: [10.5, 13.3], highValues: [17.7, 18.6],
    female: { low: 12, high: 15.5, criticalLow: 7, criticalHigh: 20, normal: [12.2, 15.2], lowValues: [9.5, 11.8], highValues: [15.7, 16.8] } }),
  lab({ code: "4544-3", display: "Hematocrit [Volume Fraction] of Blood by Automated count", unit: "%", decimals: 1,
    low: 41, high: 53, normal: [41.5, 52], lowValues: [33, 40.5], highValues: [53.5, 56],
    female: { low: 36, high: 46, normal: [36.5, 45.5], lowValues: [29, 35.5], highValues: [46.5, 49] } }),
  lab({ code: "6690-2", display: "Leukocytes [#/volume] in Blood by Automated count", unit: "10*3/uL", decimals: 1,
    low: 4.5, high: 11, criticalLow: 2, criticalHigh: 30, normal: [4.8, 10.5], lowValues: [2.8, 4.3], highValues: [11.3, 16] }),
  lab({ code: "777-3", display: "Platelets [#/volume] in Blood by Automated count", unit: "10*3/uL", decimals: 0,
    low: 150, high: 400, criticalLow: 20, criticalHigh: 1000, normal: [165, 380], lowValues: [95, 145], highValues: [410, 520] }),
  lab({ code: "2093-3", display: "Cholesterol [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 0,
    low: null, high: 200, normal: [140, 198], highValues: [202, 280], tendencies: { hyperlipidemia: "high" } }),
  lab({ code: "13457-7", display: "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation", unit: "mg/dL", decimals: 0,
    low: null, high: 100, normal: [60, 99], highValues: [102, 190], tendencies: { hyperlipidemia: "high" } }),
  lab({ code: "2085-9", display: "Cholesterol in HDL [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 0,
    low: 40, high: null, normal: [42, 85], lowValues: [28, 39], tendencies: { hyperlipidemia: "low", diabetes: "low" } }),
  lab({ code: "2571-8", display: "Triglyceride [Mass/volume] in Serum or Plasma", unit: "mg/dL", decimals: 0,
    low: null, high: 150, normal: [60, 148], highValues: [152, 420], tendencies: { hyperlipidemia: "high", diabetes: "high" } }),
  lab({ code: "3016-3", display: "Thyrotropin [Units/volume] in Serum or Plasma", unit: "m[IU]/L", decimals: 2,
    low: 0.4, high: 4, normal: [0.6, 3.8], lowValues: [0.05, 0.35], highValues: [4.3, 12], tendencies: { hypothyroidism: "high" } }),
  lab({ code: "1742-6", display: "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma", unit: "U/L", decimals: 0,
    low: 7, high: 56, normal: [10, 45], lowValues: [4, 6], highValues: [58, 140] }),
  lab({ code: "1920-8", display: "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma", unit: "U/L", decimals: 0,
    low: 10, high: 40, normal: [13, 36], lowValues: [7, 9], highValues: [42, 120] }),
];

const BY_CODE = new Map(LAB_TESTS.map((test) => [test.code, test]));

export function labTest(code: string): NumericTest {
  const test = BY_CODE.get(code);
  if (!test) throw new Error(`No lab test ${code} in the catalog`);
  return test;
}

/** Orderable panels (LOINC panel codes); single-analyte orders use the analyte's own code. */
export const LAB_PANELS: readonly LabPanel[] = [
  { code: "51990-0", display: "Basic metabolic panel - Blood",
    tests: ["2345-7", "3094-0", "2160-0", "2951-2", "2823-3", "2075-0", "2028-9", "17861-6"],
    orderedFor: ["hypertension", "diabetes", "heart_failure"] },
  { code: "58410-2", display: "CBC panel - Blood by Automated count", tests: ["6690-2", "718-7", "4544-3", "777-3"] },
  { code: "24331-1", display: "Lipid 1996 panel - Serum or Plasma", tests: ["2093-3", "13457-7", "2085-9", "2571-8"],
    orderedFor: ["hyperlipidemia", "diabetes"] },
  { code: "4548-4", display: "Hemoglobin A1c/Hemoglobin.total in Blood", tests: ["4548-4"], orderedFor: ["diabetes"] },
  { code: "3016-3", display: "Thyrotropin [Units/volume] in Serum or Plasma", tests: ["3016-3"], orderedFor: ["hypothyroidism"] },
  { code: "24325-3", display: "Hepatic function 2000 panel - Serum or Plasma", tests: ["1742-6", "1920-8"] },
];
