import type { NumericTest } from "@/lib/seed/catalog/types";

// Adult resting reference ranges; LOINC codes from the FHIR vital signs profile, units in UCUM.

export const HEART_RATE: NumericTest = {
  code: "8867-4",
  display: "Heart rate",
  type: "vital_signs",
  unit: "/min",
  decimals: 0,
  low: 60,
  high: 100,
  criticalLow: 40,
  criticalHigh: 130,
  normal: [62, 92],
  lowValues: [48, 59],
  highValues: [101, 124],
  tendencies: { atrial_fibrillation: "high", heart_failure: "high" },
};

export const RESPIRATORY_RATE: NumericTest = {
  code: "9279-1",
  display: "Respiratory rate",
  type: "vital_signs",
  unit: "/min",
  decimals: 0,
  low: 12,
  high: 20,
  criticalLow: 8,
  criticalHigh: 30,
  normal: [13, 19],
  lowValues: [10, 11],
  highValues: [21, 26],
  tendencies: { asthma: "high", heart_failure: "high" },
};

export const BODY_TEMPERATURE: NumericTest = {
  code: "8310-5",
  display: "Body temperature",
  type: "vital_signs",
  unit: "Cel",
  decimals: 1,
  low: 36.1,
  high: 37.2,
  criticalLow: 35,
  criticalHigh: 40,
  normal: [36.3, 37.1],
  lowValues: [35.5, 36],
  highValues: [37.4, 39.2],
};

export const SYSTOLIC_BP: NumericTest = {
  code: "8480-6",
  display: "Systolic blood pressure",
  type: "vital_signs",
  unit: "mm[Hg]",
  decimals: 0,
  low: 90,
  high: 120,
  criticalLow: 70,
  criticalHigh: 180,
  normal: [104, 119],
  lowValues: [82, 89],
  highValues: [126, 168],
  tendencies: { hypertension: "high" },
};

export const DIASTOLIC_BP: NumericTest = {
  code: "8462-4",
  display: "Diastolic blood pressure",
  type: "vital_signs",
  unit: "mm[Hg]",
  decimals: 0,
  low: 60,
  high: 80,
  criticalLow: 40,
  criticalHigh: 120,
  normal: [64, 79],
  lowValues: [52, 59],
  highValues: [82, 104],
  tendencies: { hypertension: "high" },
};

export const OXYGEN_SATURATION: NumericTest = {
  code: "59408-5",
  display: "Oxygen saturation in Arterial blood by Pulse oximetry",
  type: "vital_signs",
  unit: "%",
  decimals: 0,
  low: 95,
  high: 100,
  criticalLow: 88,
  normal: [95, 100],
  lowValues: [90, 94],
  tendencies: { asthma: "low", heart_failure: "low" },
};

export const BODY_WEIGHT: NumericTest = {
  code: "29463-7",
  display: "Body weight",
  type: "vital_signs",
  unit: "kg",
  decimals: 1,
  low: null,
  high: null,
  normal: [50, 110],
};

export const BODY_HEIGHT: NumericTest = {
  code: "8302-2",
  display: "Body height",
  type: "vital_signs",
  unit: "cm",
  decimals: 1,
  low: null,
  high: null,
  normal: [152, 192],
};

export const BMI: NumericTest = {
  code: "39156-5",
  display: "Body mass index (BMI) [Ratio]",
  type: "vital_signs",
  unit: "kg/m2",
  decimals: 1,
  low: 18.5,
  high: 24.9,
  normal: [19, 24.8],
  lowValues: [16.5, 18.4],
  highValues: [25.2, 38],
};

/** Recorded at every encounter, in the order a nurse charts them. */
export const VITAL_SIGNS: readonly NumericTest[] = [
  HEART_RATE,
  RESPIRATORY_RATE,
  BODY_TEMPERATURE,
  SYSTOLIC_BP,
  DIASTOLIC_BP,
  OXYGEN_SATURATION,
  BODY_WEIGHT,
  BODY_HEIGHT,
  BMI,
];
