import { z } from "zod";
import { isoDate, requireOrder } from "@/lib/shared-schema/dates";
import { MedicationStatusEnum } from "@/lib/shared-schema/enums";
import {
  CodeSystemUri,
  nullableField,
  optionalLongText,
  optionalText,
  requiredText,
  Uuid,
} from "@/lib/shared-schema/fields";

export const MedicationBase = z.object({
  patientId: Uuid.describe("Patient the medication belongs to"),
  medicationName: requiredText(255).describe("Medication as prescribed, e.g. Lisinopril 10 MG Oral Tablet"),
  genericName: optionalText(255).describe("Generic name"),
  medicationCode: optionalText(64).describe("Medication code, RxNorm by default"),
  codeSystem: nullableField(CodeSystemUri).describe("Code system URI; RxNorm when not given"),
  strength: optionalText(64).describe("Strength, e.g. 10 mg"),
  dose: nullableField(z.number().positive("Dose must be greater than 0")).describe("Dose per administration"),
  doseUnit: optionalText(32).describe("Unit of dose, e.g. mg, tablet"),
  route: optionalText(64).describe("Route, e.g. oral"),
  frequency: optionalText(64).describe("Frequency, e.g. BID"),
  instructions: optionalLongText(10_000).describe("Patient instructions (sig)"),
  status: MedicationStatusEnum.optional().describe("Status; active when not given"),
  prescriberName: optionalText(255).describe("Prescriber"),
  prescriberId: optionalText(64).describe("Prescriber id (e.g. NPI)"),
  startDate: nullableField(isoDate()).describe("First day, YYYY-MM-DD"),
  endDate: nullableField(isoDate()).describe("Last day, YYYY-MM-DD, on or after startDate"),
  sourceEmr: optionalText(64).describe("EMR the record came from"),
  sourceMedicationId: optionalText(128).describe("Medication id in the source EMR"),
});
export type MedicationBase = z.infer<typeof MedicationBase>;

function checkDates(value: { startDate?: Date | null; endDate?: Date | null }, ctx: z.RefinementCtx): void {
  requireOrder(ctx, value.startDate, value.endDate, ["endDate"], "End date must be on or after the start date");
}

export const MedicationCreate = MedicationBase.superRefine(checkDates);
export type MedicationCreate = z.infer<typeof MedicationCreate>;
export type MedicationCreateInput = z.input<typeof MedicationCreate>;

/** Status changes, stop dates, corrections; the patient cannot change. The service re-checks the merged dates. */
export const MedicationUpdate = MedicationBase.omit({ patientId: true }).partial().superRefine(checkDates);
export type MedicationUpdate = z.infer<typeof MedicationUpdate>;
export type MedicationUpdateInput = z.input<typeof MedicationUpdate>;

export const MedicationResponse = MedicationBase.extend({
  id: Uuid,
  status: MedicationStatusEnum,
  startDate: z.date().nullable(),
  endDate: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
}).required();
export type MedicationResponse = z.infer<typeof MedicationResponse>;
