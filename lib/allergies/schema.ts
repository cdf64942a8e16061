import { z } from "zod";
import { CalendarDate, pastIsoDate } from "@/lib/shared-schema/dates";
import {
  AllergyCategoryEnum,
  AllergyClinicalStatusEnum,
  AllergyCriticalityEnum,
  AllergyTypeEnum,
  AllergyVerificationStatusEnum,
} from "@/lib/shared-schema/enums";
import {
  CodeSystemUri,
  longText,
  nullableField,
  optionalField,
  optionalText,
  requiredText,
  Uuid,
} from "@/lib/shared-schema/fields";
import { requireSourceSystem } from "@/lib/shared-schema/source";

export const ReactionSeverityEnum = z.enum(["mild", "moderate", "severe"]).describe("Severity of a reaction");
export type ReactionSeverityEnum = z.infer<typeof ReactionSeverityEnum>;

/** One reaction, stored in the allergy's `reactions` JSON array. Unknown fields are refused. */
export const AllergyReaction = z.strictObject({
  manifestation: requiredText(255).describe("What happened, e.g. hives, anaphylaxis"),
  severity: optionalField(ReactionSeverityEnum),
  description: optionalField(longText(1_000)).describe("Details of the reaction"),
});
export type AllergyReaction = z.infer<typeof AllergyReaction>;

/** The fields a client writes (never the patient: that is the chart written to). Unknown fields are refused. */
export const AllergyBase = z.strictObject({
  allergen: requiredText(255).describe("Substance, e.g. Penicillin"),
  allergenCode: optionalText(64).describe("Allergen code (RxNorm, SNOMED CT, UNII)"),
  allergenCodeSystem: nullableField(CodeSystemUri).describe("Code system URI of allergenCode"),
  allergyType: AllergyTypeEnum.optional().describe("allergy or intolerance; allergy when not given"),
  category: AllergyCategoryEnum,
  clinicalStatus: AllergyClinicalStatusEnum.optional().describe("Clinical status; active when not given"),
  verificationStatus: AllergyVerificationStatusEnum.optional().describe("Verification; unconfirmed when not given"),
  criticality: nullableField(AllergyCriticalityEnum),
  reactions: z
    .array(AllergyReaction)
    .max(50, "At most 50 reactions")
    .optional()
    .describe("Reactions, [] when not given"),
  onsetDate: nullableField(pastIsoDate()).describe("When it started, YYYY-MM-DD"),
  recordedDate: nullableField(pastIsoDate()).describe("When it was recorded, YYYY-MM-DD"),
  sourceEmr: optionalText(64).describe("EMR the record came from"),
  sourceAllergyId: optionalText(128).describe(
    "Allergy id in the source EMR; with sourceEmr, the record's identity: a resend updates it instead of adding one",
  ),
});
export type AllergyBase = z.infer<typeof AllergyBase>;

export const AllergyCreate = AllergyBase.superRefine((value, ctx) => requireSourceSystem(ctx, value, value.sourceAllergyId));
export type AllergyCreate = z.infer<typeof AllergyCreate>;
export type AllergyCreateInput = z.input<typeof AllergyCreate>;

/** Status changes (resolved, refuted) and corrections; the source identity cannot change. */
export const AllergyUpdate = AllergyBase.omit({ sourceEmr: true, sourceAllergyId: true }).partial();
export type AllergyUpdate = z.infer<typeof AllergyUpdate>;
export type AllergyUpdateInput = z.input<typeof AllergyUpdate>;

export const AllergyResponse = AllergyBase.extend({
  id: Uuid,
  patientId: Uuid.describe("Patient the allergy belongs to"),
  allergyType: AllergyTypeEnum,
  clinicalStatus: AllergyClinicalStatusEnum,
  verificationStatus: AllergyVerificationStatusEnum,
  reactions: z.array(AllergyReaction),
  onsetDate: CalendarDate.nullable().describe("When it started, YYYY-MM-DD"),
  recordedDate: CalendarDate.nullable().describe("When it was recorded, YYYY-MM-DD"),
  createdAt: z.date(),
  updatedAt: z.date(),
})
  .required()
  .strip();
export type AllergyResponse = z.infer<typeof AllergyResponse>;
