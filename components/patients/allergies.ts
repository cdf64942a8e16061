import type { AllergyResponse } from "@/lib/allergies/schema";

/** Allergies that matter now: active, and not refuted or entered in error. */
export function currentAllergies(allergies: readonly AllergyResponse[]): AllergyResponse[] {
  return allergies.filter(
    (allergy) =>
      allergy.clinicalStatus === "active" && allergy.verificationStatus !== "refuted" && allergy.verificationStatus !== "entered_in_error",
  );
}

const CRITICALITY_RANK = { high: 0, unable_to_assess: 1, low: 2 } as const;

/** High criticality first, then unassessed, low and unknown; alphabetical within each. */
export function byCriticality(allergies: readonly AllergyResponse[]): AllergyResponse[] {
  const rank = (allergy: AllergyResponse) => (allergy.criticality ? CRITICALITY_RANK[allergy.criticality] : 3);
  return [...allergies].sort((a, b) => rank(a) - rank(b) || a.allergen.localeCompare(b.allergen));
}

export function reactionSummary(allergy: AllergyResponse): string {
  if (allergy.reactions.length === 0) return "—";
  return allergy.reactions.map((reaction) => (reaction.severity ? `${reaction.manifestation} (${reaction.severity})` : reaction.manifestation)).join(", ");
}
