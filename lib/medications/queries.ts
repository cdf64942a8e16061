import "server-only";
import type { Tx } from "@/lib/db/transaction";
import { medicationResponseSelect, toMedicationResponse } from "@/lib/medications/dto";
import type { MedicationResponse } from "@/lib/medications/schema";

/** A patient's medications, most recently started first (undated ones last). */
export async function loadMedications(tx: Tx, patientId: string): Promise<MedicationResponse[]> {
  const rows = await tx.medication.findMany({
    where: { patientId },
    orderBy: [{ startDate: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "asc" }],
    select: medicationResponseSelect,
  });
  return rows.map(toMedicationResponse);
}
