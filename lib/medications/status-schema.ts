import { z } from "zod";
import { MedicationStatusEnum } from "@/lib/shared-schema/enums";
import { optionalText } from "@/lib/shared-schema/fields";

/** A medication status change (hold, stop, complete …), with an optional reason kept in the audit trail. */
export const MedicationStatusChange = z.strictObject({
  status: MedicationStatusEnum,
  reason: optionalText(500).describe("Why the status changed"),
});
export type MedicationStatusChange = z.infer<typeof MedicationStatusChange>;
export type MedicationStatusChangeInput = z.input<typeof MedicationStatusChange>;
