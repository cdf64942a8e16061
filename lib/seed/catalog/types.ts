import type { AllergyCategory, AllergyCriticality, AllergyType, ObservationType } from "@/lib/generated/prisma/enums";

/** Chronic conditions the seed gives patients, so vitals, labs and medications agree with each other. */
export type Condition =
  | "hypertension"
  | "diabetes"
  | "hyperlipidemia"
  | "hypothyroidism"
  | "depression"
  | "asthma"
  | "atrial_fibrillation"
  | "heart_failure"
  | "coronary_artery_disease"
  | "chronic_pain";

export type Sex = "female" | "male";

/** Which way a condition pushes a result. */
export type Tendency = "high" | "low";

export type Interval = readonly [number, number];

/** Reference range with the intervals values are drawn from (normal, and optionally abnormal on either side). */
export interface RangeSpec {
  low: number | null;
  high: number | null;
  /** Beyond these the HL7 flag is LL / HH (critical), per common laboratory call-back lists. */
  criticalLow?: number;
  criticalHigh?: number;
  normal: Interval;
  lowValues?: Interval;
  highValues?: Interval;
}

/** A quantitative LOINC-coded observation with its UCUM unit. */
export interface NumericTest extends RangeSpec {
  code: string;
  display: string;
  type: Extract<ObservationType, "vital_signs" | "laboratory">;
  unit: string;
  decimals: number;
  /** Some analytes (hemoglobin, creatinine) have different female ranges. */
  female?: RangeSpec;
  tendencies?: Partial<Record<Condition, Tendency>>;
}

export interface LabPanel {
  code: string;
  display: string;
  tests: readonly string[];
  /** Panels a patient with one of these conditions is more likely to have drawn. */
  orderedFor?: readonly Condition[];
}

export interface MedicationDef {
  rxnorm: string;
  /** RxNorm clinical drug name (the SCD string). */
  name: string;
  generic: string;
  strength: string;
  dose: number;
  doseUnit: string;
  route: string;
  frequency: string;
  instructions: string;
  /** Chronic medications belong to a condition; the rest are short courses. */
  indication: Condition | "acute";
}

export interface AllergyReactionDef {
  manifestation: string;
  severity: "mild" | "moderate" | "severe";
}

export interface AllergenDef {
  name: string;
  code: string;
  system: "http://www.nlm.nih.gov/research/umls/rxnorm" | "http://snomed.info/sct";
  category: AllergyCategory;
  type: AllergyType;
  criticality: AllergyCriticality;
  reactions: readonly AllergyReactionDef[];
  /** Relative frequency among patients with any allergy. */
  weight: number;
}
