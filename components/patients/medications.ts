import { formatNumber } from "@/components/ui/format";
import type { MedicationResponse } from "@/lib/medications/schema";
import type { MedicationStatusEnum } from "@/lib/shared-schema/enums";

/** Statuses of a medication the patient is (or is about to be) on; every other status is history. */
const CURRENT_STATUSES: ReadonlySet<MedicationStatusEnum> = new Set(["active", "on_hold", "draft"]);

const newestStartFirst = (a: MedicationResponse, b: MedicationResponse) =>
  (b.startDate ?? "").localeCompare(a.startDate ?? "") || a.medicationName.localeCompare(b.medicationName);

export function currentMedications(medications: readonly MedicationResponse[]): MedicationResponse[] {
  return medications.filter((medication) => CURRENT_STATUSES.has(medication.status)).sort(newestStartFirst);
}

export function pastMedications(medications: readonly MedicationResponse[]): MedicationResponse[] {
  return medications.filter((medication) => !CURRENT_STATUSES.has(medication.status)).sort(newestStartFirst);
}

/** "10 mg", "2 tablet (500 mg)", the strength alone, or "—". */
export function doseText(medication: MedicationResponse): string {
  const dose = medication.dose === null ? null : [formatNumber(medication.dose), medication.doseUnit].filter(Boolean).join(" ");
  if (dose && medication.strength && !dose.includes(medication.strength)) return `${dose} (${medication.strength})`;
  return dose ?? medication.strength ?? "—";
}
