import { z } from "zod";
import {
  AllergyCategory,
  AllergyClinicalStatus,
  AllergyCriticality,
  AllergyType,
  AllergyVerificationStatus,
  EMRType,
  Gender,
  HL7Direction,
  HL7Status,
  MedicationStatus,
  ObservationStatus,
  ObservationType,
  Role,
} from "@/lib/generated/prisma/enums";
import { requiredOr } from "@/lib/shared-schema/messages";

/** A missing value is "Required"; an unknown one gets zod's message, which lists the allowed values. */
const required = { error: requiredOr() };

// Built from the generated Prisma enum objects, so a value added to prisma/schema.prisma appears here without an
// edit and the two can never drift. Values use underscores where FHIR uses hyphens (vital_signs, entered_in_error).

export const GenderEnum = z.enum(Gender, required).describe("Administrative gender");
export type GenderEnum = z.infer<typeof GenderEnum>;

export const ObservationTypeEnum = z.enum(ObservationType, required).describe("Observation category (FHIR, underscored)");
export type ObservationTypeEnum = z.infer<typeof ObservationTypeEnum>;

export const ObservationStatusEnum = z.enum(ObservationStatus, required).describe("FHIR observation status (underscored)");
export type ObservationStatusEnum = z.infer<typeof ObservationStatusEnum>;

export const MedicationStatusEnum = z.enum(MedicationStatus, required).describe("FHIR medication status (underscored)");
export type MedicationStatusEnum = z.infer<typeof MedicationStatusEnum>;

export const AllergyTypeEnum = z.enum(AllergyType, required).describe("Allergy or intolerance");
export type AllergyTypeEnum = z.infer<typeof AllergyTypeEnum>;

export const AllergyCategoryEnum = z.enum(AllergyCategory, required).describe("What the patient reacts to");
export type AllergyCategoryEnum = z.infer<typeof AllergyCategoryEnum>;

export const AllergyClinicalStatusEnum = z.enum(AllergyClinicalStatus, required).describe("Whether the allergy is current");
export type AllergyClinicalStatusEnum = z.infer<typeof AllergyClinicalStatusEnum>;

export const AllergyVerificationStatusEnum = z
  .enum(AllergyVerificationStatus, required)
  .describe("How certain the allergy is (underscored FHIR values)");
export type AllergyVerificationStatusEnum = z.infer<typeof AllergyVerificationStatusEnum>;

export const AllergyCriticalityEnum = z.enum(AllergyCriticality, required).describe("Potential for a life-threatening reaction");
export type AllergyCriticalityEnum = z.infer<typeof AllergyCriticalityEnum>;

export const HL7DirectionEnum = z.enum(HL7Direction, required).describe("Whether Meridian received or sent the message");
export type HL7DirectionEnum = z.infer<typeof HL7DirectionEnum>;

export const HL7StatusEnum = z.enum(HL7Status, required).describe("Processing state of an HL7 message");
export type HL7StatusEnum = z.infer<typeof HL7StatusEnum>;

export const EMRTypeEnum = z.enum(EMRType, required).describe("Vendor or protocol of an EMR connection");
export type EMRTypeEnum = z.infer<typeof EMRTypeEnum>;

export const RoleEnum = z.enum(Role, required).describe("Meridian user or API key role");
export type RoleEnum = z.infer<typeof RoleEnum>;
