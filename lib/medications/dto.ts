import type { Prisma } from "@/lib/generated/prisma/client";
import type { MedicationResponse } from "@/lib/medications/schema";
import { utcToCalendarDate } from "@/lib/shared-schema/dates";

export const medicationResponseSelect = {
  id: true,
  patientId: true,
  medicationName: true,
  genericName: true,
  medicationCode: true,
  codeSystem: true,
  strength: true,
  dose: true,
  doseUnit: true,
  route: true,
  frequency: true,
  instructions: true,
  status: true,
  prescriberName: true,
  prescriberId: true,
  startDate: true,
  endDate: true,
  sourceEmr: true,
  sourceMedicationId: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.MedicationSelect;

export type MedicationRow = Prisma.MedicationGetPayload<{ select: typeof medicationResponseSelect }>;

export function toMedicationResponse(row: MedicationRow): MedicationResponse {
  return {
    ...row,
    startDate: row.startDate && utcToCalendarDate(row.startDate),
    endDate: row.endDate && utcToCalendarDate(row.endDate),
  };
}
