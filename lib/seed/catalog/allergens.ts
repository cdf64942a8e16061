import type { AllergenDef, AllergyReactionDef } from "@/lib/seed/catalog/types";

// Substances as coded by Synthea's allergy modules: drugs by RxNorm ingredient, foods and environmental
// allergens by SNOMED CT substance/organism. Reactions use the manifestations those modules list.

const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const SNOMED = "http://snomed.info/sct";

const HIVES: AllergyReactionDef = { manifestation: "Hives", severity: "moderate" };
const RASH: AllergyReactionDef = { manifestation: "Skin rash", severity: "mild" };
const ITCHING: AllergyReactionDef = { manifestation: "Itching", severity: "mild" };
const ANGIOEDEMA: AllergyReactionDef = { manifestation: "Angioedema", severity: "moderate" };
const ANAPHYLAXIS: AllergyReactionDef = { manifestation: "Anaphylaxis", severity: "severe" };
const WHEEZING: AllergyReactionDef = { manifestation: "Wheezing", severity: "moderate" };
const DYSPNEA: AllergyReactionDef = { manifestation: "Shortness of breath", severity: "moderate" };
const RHINITIS: AllergyReactionDef = { manifestation: "Rhinoconjunctivitis", severity: "mild" };
const SNEEZING: AllergyReactionDef = { manifestation: "Sneezing", severity: "mild" };
const VOMITING: AllergyReactionDef = { manifestation: "Vomiting", severity: "mild" };
const NAUSEA: AllergyReactionDef = { manifestation: "Nausea", severity: "mild" };
const ABDOMINAL_PAIN: AllergyReactionDef = { manifestation: "Abdominal pain", severity: "moderate" };
const CONTACT_DERMATITIS: AllergyReactionDef = { manifestation: "Contact dermatitis", severity: "mild" };

export const ALLERGENS: readonly AllergenDef[] = [
  { name: "Penicillin V", code: "7984", system: RXNORM, category: "medication", type: "allergy", criticality: "high",
    reactions: [HIVES, RASH, ANAPHYLAXIS], weight: 10 },
  { name: "Sulfamethoxazole / Trimethoprim", code: "10831", system: RXNORM, category: "medication", type: "allergy",
    criticality: "low", reactions: [RASH, HIVES, ANGIOEDEMA], weight: 6 },
  { name: "Cephalexin", code: "2231", system: RXNORM, category: "medication", type: "allergy", criticality: "low",
    reactions: [RASH, HIVES], weight: 2 },
  { name: "Aspirin", code: "1191", system: RXNORM, category: "medication", type: "allergy", criticality: "low",
    reactions: [HIVES, ANGIOEDEMA, ABDOMINAL_PAIN], weight: 3 },
  { name: "Ibuprofen", code: "5640", system: RXNORM, category: "medication", type: "allergy", criticality: "low",
    reactions: [ITCHING, HIVES, RHINITIS], weight: 2 },
  { name: "Codeine", code: "2670", system: RXNORM, category: "medication", type: "intolerance", criticality: "low",
    reactions: [NAUSEA, VOMITING], weight: 3 },
  { name: "Peanut", code: "762952008", system: SNOMED, category: "food", type: "allergy", criticality: "high",
    reactions: [HIVES, ANGIOEDEMA, ANAPHYLAXIS], weight: 3 },
  { name: "Tree nut", code: "442571000124108", system: SNOMED, category: "food", type: "allergy", criticality: "high",
    reactions: [ANGIOEDEMA, ITCHING, ANAPHYLAXIS], weight: 2 },
  { name: "Shellfish", code: "735029006", system: SNOMED, category: "food", type: "allergy", criticality: "high",
    reactions: [HIVES, VOMITING, ANAPHYLAXIS], weight: 4 },
  { name: "Fish", code: "735971005", system: SNOMED, category: "food", type: "allergy", criticality: "low",
    reactions: [RASH, VOMITING, DYSPNEA], weight: 1 },
  { name: "Cow's milk", code: "3718001", system: SNOMED, category: "food", type: "intolerance", criticality: "low",
    reactions: [ABDOMINAL_PAIN, NAUSEA], weight: 2 },
  { name: "Egg", code: "102263004", system: SNOMED, category: "food", type: "allergy", criticality: "low",
    reactions: [HIVES, VOMITING], weight: 1 },
  { name: "Latex", code: "111088007", system: SNOMED, category: "environment", type: "allergy", criticality: "high",
    reactions: [CONTACT_DERMATITIS, HIVES, ANAPHYLAXIS], weight: 3 },
  { name: "Bee venom", code: "288328004", system: SNOMED, category: "environment", type: "allergy", criticality: "high",
    reactions: [HIVES, ANGIOEDEMA, ANAPHYLAXIS], weight: 2 },
  { name: "Tree pollen", code: "782576004", system: SNOMED, category: "environment", type: "allergy", criticality: "low",
    reactions: [RHINITIS, SNEEZING], weight: 5 },
  { name: "Grass pollen", code: "256277009", system: SNOMED, category: "environment", type: "allergy", criticality: "low",
    reactions: [RHINITIS, SNEEZING, WHEEZING], weight: 5 },
  { name: "House dust mite", code: "260147004", system: SNOMED, category: "environment", type: "allergy", criticality: "low",
    reactions: [SNEEZING, WHEEZING], weight: 4 },
  { name: "Animal dander", code: "264287008", system: SNOMED, category: "environment", type: "allergy", criticality: "low",
    reactions: [RHINITIS, WHEEZING, HIVES], weight: 4 },
  { name: "Mold", code: "84489001", system: SNOMED, category: "environment", type: "allergy", criticality: "low",
    reactions: [SNEEZING, WHEEZING], weight: 2 },
];
