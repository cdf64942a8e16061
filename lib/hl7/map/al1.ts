import { componentOf, repetitionsOf, valueAt, type Hl7Segment } from "@/lib/hl7/er7/message";
import { bounded, parseDateTime, requireValue } from "@/lib/hl7/map/datatypes";
import type { AllergyCreateInput } from "@/lib/allergies/schema";

export type AllergyFromAl1 = Omit<AllergyCreateInput, "patientId" | "sourceEmr">;

// HL7 table 0127 (allergen type); the *I codes are the intolerance extensions many EMRs send.
const CATEGORIES: Record<string, { category: AllergyFromAl1["category"]; allergyType: "allergy" | "intolerance" }> = {
  DA: { category: "medication", allergyType: "allergy" },
  DI: { category: "medication", allergyType: "intolerance" },
  MC: { category: "medication", allergyType: "allergy" },
  FA: { category: "food", allergyType: "allergy" },
  FI: { category: "food", allergyType: "intolerance" },
  EA: { category: "environment", allergyType: "allergy" },
  EI: { category: "environment", allergyType: "intolerance" },
  AA: { category: "environment", allergyType: "allergy" },
  PA: { category: "environment", allergyType: "allergy" },
  LA: { category: "environment", allergyType: "allergy" },
  MA: { category: "environment", allergyType: "allergy" },
  MI: { category: "environment", allergyType: "intolerance" },
};

// HL7 table 0128 (allergy severity) → criticality and reaction severity.
const SEVERITIES: Record<string, { criticality: "low" | "high" | "unable_to_assess"; reaction?: "mild" | "moderate" | "severe" }> = {
  SV: { criticality: "high", reaction: "severe" },
  MO: { criticality: "low", reaction: "moderate" },
  MI: { criticality: "low", reaction: "mild" },
  U: { criticality: "unable_to_assess" },
};

const CODE_SYSTEMS: Record<string, string> = {
  RXNORM: "http://www.nlm.nih.gov/research/umls/rxnorm",
  SCT: "http://snomed.info/sct",
  SNM: "http://snomed.info/sct",
  UNII: "http://fdasis.nlm.nih.gov",
  NDC: "http://hl7.org/fhir/sid/ndc",
};

/** An allergy the same sender reports again (AL1 carries no id of its own) is recognised by its code, else its name. */
export function allergySourceKey(allergy: Pick<AllergyFromAl1, "allergen" | "allergenCode">): string {
  return bounded(`AL1:${allergy.allergenCode ?? allergy.allergen.trim().toLowerCase()}`, 128);
}

export function mapAl1(segment: Hl7Segment, sequence: number): AllergyFromAl1 {
  const at = (field: number) => ({ segment: "AL1", sequence, field });
  const code = valueAt(segment, 3, 1).trim();
  const text = valueAt(segment, 3, 2).trim();
  const allergen = bounded(text || requireValue(code, "allergen", at(3)), 255);
  const system = valueAt(segment, 3, 3).trim().toUpperCase();
  const kind = CATEGORIES[valueAt(segment, 2, 1).trim().toUpperCase()] ?? { category: "medication", allergyType: "allergy" };
  const severity = SEVERITIES[valueAt(segment, 4, 1).trim().toUpperCase()];
  const identified = valueAt(segment, 6);
  const allergy: AllergyFromAl1 = {
    allergen,
    allergenCode: code ? bounded(code, 64) : undefined,
    allergenCodeSystem: code ? (CODE_SYSTEMS[system] ?? null) : null,
    allergyType: kind.allergyType,
    category: kind.category,
    criticality: severity?.criticality ?? null,
    reactions: repetitionsOf(segment, 5)
      .map((repetition) => componentOf(repetition, 1).trim() || componentOf(repetition, 2).trim())
      .filter((manifestation) => manifestation !== "")
      .slice(0, 50)
      .map((manifestation) => ({ manifestation: bounded(manifestation, 255), severity: severity?.reaction })),
    recordedDate: identified ? parseDateTime(identified, "identification date", at(6)).date : null,
  };
  return { ...allergy, sourceAllergyId: allergySourceKey(allergy) };
}
