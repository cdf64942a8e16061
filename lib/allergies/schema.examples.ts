import type { AllergyCreateInput, AllergyResponse } from "@/lib/allergies/schema";

export const allergyCreateExample = {
  allergen: "Penicillin",
  allergenCode: "7980",
  allergenCodeSystem: "http://www.nlm.nih.gov/research/umls/rxnorm",
  allergyType: "allergy",
  category: "medication",
  clinicalStatus: "active",
  verificationStatus: "confirmed",
  criticality: "high",
  reactions: [{ manifestation: "Hives", severity: "moderate", description: "Widespread urticaria within an hour" }],
  onsetDate: "2010-06-01",
  recordedDate: "2010-06-02",
} satisfies AllergyCreateInput;

export const allergyResponseExample: AllergyResponse = {
  id: "c2d7e1f0-3b4a-4c5d-9e6f-7a8b9c0d1e2f",
  patientId: "3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c",
  allergen: "Penicillin",
  allergenCode: "7980",
  allergenCodeSystem: "http://www.nlm.nih.gov/research/umls/rxnorm",
  allergyType: "allergy",
  category: "medication",
  clinicalStatus: "active",
  verificationStatus: "confirmed",
  criticality: "high",
  reactions: [{ manifestation: "Hives", severity: "moderate" }],
  onsetDate: "2010-06-01",
  recordedDate: null,
  sourceEmr: null,
  sourceAllergyId: null,
  createdAt: new Date("2010-06-02T12:00:00.000Z"),
  updatedAt: new Date("2010-06-02T12:00:00.000Z"),
};
