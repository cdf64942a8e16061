import "server-only";
import { allergyResponseSelect, toAllergyResponse } from "@/lib/allergies/dto";
import type { AllergyResponse } from "@/lib/allergies/schema";
import type { Tx } from "@/lib/db/transaction";

/** A patient's allergies, most recently recorded first. */
export async function loadAllergies(tx: Tx, patientId: string): Promise<AllergyResponse[]> {
  const rows = await tx.allergy.findMany({
    where: { patientId },
    orderBy: [{ recordedDate: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    select: allergyResponseSelect,
  });
  return rows.map(toAllergyResponse);
}
