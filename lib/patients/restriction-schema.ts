import { z } from "zod";
import { AccessReason } from "@/lib/patients/reason-schema";
import { Uuid } from "@/lib/shared-schema/fields";

/**
 * Restricting or lifting the restriction of a chart: its own operation and permission (patients:restrict), never a
 * field of a demographics edit, so a clinician who broke the glass cannot open the chart to everyone.
 */
export const PatientRestrictionChange = z.strictObject({
  restricted: z.boolean().describe("true restricts the chart (emergency access only); false lifts the restriction"),
  reason: AccessReason,
});
export type PatientRestrictionChange = z.infer<typeof PatientRestrictionChange>;

export const PatientRestrictionRequest = PatientRestrictionChange.extend({ patientId: Uuid });

export const PatientRestrictionResponse = z.object({
  patientId: Uuid,
  restricted: z.boolean(),
  changed: z.boolean().describe("false when the chart already had this restriction"),
});
export type PatientRestrictionResponse = z.infer<typeof PatientRestrictionResponse>;
