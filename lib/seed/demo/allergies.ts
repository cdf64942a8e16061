import type { AllergyClinicalStatus, AllergyVerificationStatus } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ALLERGENS } from "@/lib/seed/catalog/allergens";
import type { AllergenDef, AllergyReactionDef } from "@/lib/seed/catalog/types";
import { DAY_MS, DEMO_ANCHOR, dateOnly, type DemoRandom } from "@/lib/seed/demo/context";
import type { DemoPatient } from "@/lib/seed/demo/patients";
import type { SourceIds } from "@/lib/seed/demo/source-ids";

export type AllergyRow = Prisma.AllergyCreateManyInput & { id: string };

function pickAllergens(random: DemoRandom, count: number): AllergenDef[] {
  const chosen: AllergenDef[] = [];
  while (chosen.length < count) {
    const remaining = ALLERGENS.filter((allergen) => !chosen.includes(allergen));
    chosen.push(random.weighted(remaining.map((value) => ({ value, weight: value.weight }))));
  }
  return chosen;
}

/** One or two of the allergen's typical reactions; anaphylaxis only ever recorded as severe. */
function reactionsFor(random: DemoRandom, allergen: AllergenDef): AllergyReactionDef[] {
  const reactions = random.some(allergen.reactions, random.int(1, 2));
  return reactions.map((reaction) =>
    reaction.severity === "moderate" && random.chance(0.3) ? { ...reaction, severity: "mild" } : { ...reaction },
  );
}

/** 0–3 allergies per patient (about half have none), with FHIR clinical and verification statuses. */
export function buildAllergies(random: DemoRandom, patient: DemoPatient, sourceIds: SourceIds): AllergyRow[] {
  const count = random.weighted([
    { value: 0, weight: 52 },
    { value: 1, weight: 29 },
    { value: 2, weight: 13 },
    { value: 3, weight: 6 },
  ]);
  const lifespanDays = Math.floor((DEMO_ANCHOR.getTime() - patient.birthDate.getTime()) / DAY_MS);
  return pickAllergens(random, count).map((allergen) => {
    const onsetDaysAgo = random.int(400, Math.max(401, lifespanDays - 365));
    const recordedDaysAgo = random.int(1, onsetDaysAgo);
    const verificationStatus = random.weighted<AllergyVerificationStatus>([
      { value: "confirmed", weight: 60 },
      { value: "unconfirmed", weight: 28 },
      { value: "presumed", weight: 10 },
      { value: "refuted", weight: 2 },
    ]);
    const clinicalStatus = random.weighted<AllergyClinicalStatus>([
      { value: "active", weight: 85 },
      { value: "inactive", weight: 8 },
      { value: "resolved", weight: 7 },
    ]);
    return {
      id: random.uuid(),
      patientId: patient.row.id,
      allergen: allergen.name,
      allergenCode: allergen.code,
      allergenCodeSystem: allergen.system,
      allergyType: allergen.type,
      category: allergen.category,
      clinicalStatus: verificationStatus === "refuted" ? "inactive" : clinicalStatus,
      verificationStatus,
      criticality: verificationStatus === "unconfirmed" && random.chance(0.2) ? "unable_to_assess" : allergen.criticality,
      reactions: reactionsFor(random, allergen).map((reaction) => ({ ...reaction })),
      onsetDate: dateOnly(new Date(DEMO_ANCHOR.getTime() - onsetDaysAgo * DAY_MS)),
      recordedDate: dateOnly(new Date(DEMO_ANCHOR.getTime() - recordedDaysAgo * DAY_MS)),
      sourceEmr: patient.connection.slug,
      sourceAllergyId: sourceIds.next(patient.connection, "ALG"),
    };
  });
}
