import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import type { AllergyFromAl1 } from "@/lib/hl7/map/al1";

interface KnownAllergy {
  id: string;
  allergen_code: string | null;
  allergen: string;
}

function sameAllergen(known: KnownAllergy, allergy: AllergyFromAl1): boolean {
  if (allergy.allergenCode && known.allergen_code) return known.allergen_code === allergy.allergenCode;
  return known.allergen.trim().toLowerCase() === allergy.allergen.trim().toLowerCase();
}

/**
 * AL1 segments onto the patient's allergies. One already known — from this sender, another, or entered by hand —
 * is recognised by its code, else its name, and brought up to date instead of being added again.
 */
export async function applyAllergies(run: SqlRunner, patientId: string, source: string, allergies: AllergyFromAl1[]): Promise<RecordChange[]> {
  if (allergies.length === 0) return [];
  const known = await run<KnownAllergy & Record<string, unknown>>(Prisma.sql`
    SELECT id, allergen_code, allergen FROM allergies WHERE patient_id = ${patientId}::uuid FOR UPDATE`);
  const changes: RecordChange[] = [];
  for (const allergy of allergies) {
    const match = known.find((row) => sameAllergen(row, allergy));
    const reactions = JSON.stringify(allergy.reactions ?? []);
    if (match) {
      await run(Prisma.sql`
        UPDATE allergies SET allergen = ${allergy.allergen}, allergen_code = COALESCE(${allergy.allergenCode ?? null}, allergen_code),
          allergen_code_system = COALESCE(${allergy.allergenCodeSystem ?? null}, allergen_code_system),
          allergy_type = ${allergy.allergyType ?? "allergy"}::"AllergyType", category = ${allergy.category}::"AllergyCategory",
          criticality = ${allergy.criticality ?? null}::"AllergyCriticality", reactions = ${reactions}::jsonb,
          recorded_date = COALESCE(${allergy.recordedDate ?? null}::date, recorded_date), updated_at = now()
        WHERE id = ${match.id}::uuid`);
      changes.push({ patientId, resourceType: "allergy", resourceId: match.id, change: "updated" });
      continue;
    }
    const [row] = await run<{ id: string }>(Prisma.sql`
      INSERT INTO allergies (patient_id, allergen, allergen_code, allergen_code_system, allergy_type, category, criticality,
        reactions, recorded_date, source_emr, source_allergy_id, updated_at)
      VALUES (${patientId}::uuid, ${allergy.allergen}, ${allergy.allergenCode ?? null}, ${allergy.allergenCodeSystem ?? null},
        ${allergy.allergyType ?? "allergy"}::"AllergyType", ${allergy.category}::"AllergyCategory",
        ${allergy.criticality ?? null}::"AllergyCriticality", ${reactions}::jsonb, ${allergy.recordedDate ?? null}::date,
        ${source}, ${allergy.sourceAllergyId ?? null}, now())
      ON CONFLICT (source_emr, source_allergy_id) DO NOTHING
      RETURNING id`);
    if (row) {
      known.push({ id: row.id, allergen_code: allergy.allergenCode ? String(allergy.allergenCode) : null, allergen: allergy.allergen });
      changes.push({ patientId, resourceType: "allergy", resourceId: row.id, change: "created" });
    }
  }
  return changes;
}
