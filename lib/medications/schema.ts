import { z } from "zod";
import { CalendarDate, isoDate, requireOrder } from "@/lib/shared-schema/dates";
import { MedicationStatusEnum } from "@/lib/shared-schema/enums";
import {
  CodeSystemUri,
  nullableField,
  optionalLongText,
  optionalText,
  Quantity,
  requiredText,
  Uuid,
} from "@/lib/shared-schema/fields";
import { requireSourceSystem } from "@/lib/shared-schema/source";

/** The fields a client writes (never the patient: that is the chart written to). Unknown fields are refused. */
export const MedicationBase = z.strictObject({
  medicationName: requiredText(255).describe("Medication as prescribed, e.g. Lisinopril 10 MG Oral Tablet"),
  genericName: optionalText(255).describe("Generic name"),
  medicationCode: optionalText(64).describe("Medication code, RxNorm by default"),
  codeSystem: nullableField(CodeSystemUri).describe("Code system URI; RxNorm when not given"),
  strength: optionalText(64).describe("Strength, e.g. 10 mg"),
  dose: nullableField(Quantity.positive("Dose must be greater than 0")).describe("Dose per administration"),
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
  sourceMedicationId: optionalText(128).describe(
    "Medication id in the source EMR; with sourceEmr, the record's identity: a resend updates it instead of adding one",
  ),
});
export type MedicationBase = z.infer<typeof MedicationBase>;

function checkDates(value: { startDate?: Date | null; endDate?: Date | null }, ctx: z.RefinementCtx): void {
  requireOrder(ctx, value.startDate, value.endDate, ["endDate"], "End date must be on or after the start date");
}

export const MedicationCreate = MedicationBase.superRefine((value, ctx) => {
  checkDates(value, ctx);
  requireSourceSystem(ctx, value, value.sourceMedicationId);
});
export type MedicationCreate = z.infer<typeof MedicationCreate>;
export type MedicationCreateInput = z.input<typeof MedicationCreate>;

/** Status changes, stop dates, corrections; the source identity cannot change. The service re-checks the merged dates. */
export const MedicationUpdate = MedicationBase.omit({ sourceEmr: true, sourceMedicationId: true }).partial().superRefine(checkDates);
export type MedicationUpdate = z.infer<typeof MedicationUpdate>;
export type MedicationUpdateInput = z.input<typeof MedicationUpdate>;

export const MedicationResponse = MedicationBase.extend({
  id: Uuid,
  patientId: Uuid.describe("Patient the medication belongs to"),
  status: MedicationStatusEnum,
  startDate: CalendarDate.nullable().describe("First day, YYYY-MM-DD"),
  endDate: CalendarDate.nullable().describe("Last day, YYYY-MM-DD"),
  createdAt: z.date(),
  updatedAt: z.date(),
})
  .required()
  .strip();
export type MedicationResponse = z.infer<typeof MedicationResponse>;
