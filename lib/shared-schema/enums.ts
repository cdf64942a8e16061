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

// Built from the generated Prisma enum objects, so a value added to prisma/schema.prisma appears here without an
// edit and the two can never drift. Values use underscores where FHIR uses hyphens (vital_signs, entered_in_error).

export const GenderEnum = z.enum(Gender).describe("Administrative gender");
export type GenderEnum = z.infer<typeof GenderEnum>;

export const ObservationTypeEnum = z.enum(ObservationType).describe("Observation category (FHIR, underscored)");
export type ObservationTypeEnum = z.infer<typeof ObservationTypeEnum>;

export const ObservationStatusEnum = z.enum(ObservationStatus).describe("FHIR observation status (underscored)");
export type ObservationStatusEnum = z.infer<typeof ObservationStatusEnum>;

export const MedicationStatusEnum = z.enum(MedicationStatus).describe("FHIR medication status (underscored)");
export type MedicationStatusEnum = z.infer<typeof MedicationStatusEnum>;

export const AllergyTypeEnum = z.enum(AllergyType).describe("Allergy or intolerance");
export type AllergyTypeEnum = z.infer<typeof AllergyTypeEnum>;

export const AllergyCategoryEnum = z.enum(AllergyCategory).describe("What the patient reacts to");
export type AllergyCategoryEnum = z.infer<typeof AllergyCategoryEnum>;

export const AllergyClinicalStatusEnum = z.enum(AllergyClinicalStatus).describe("Whether the allergy is current");
export type AllergyClinicalStatusEnum = z.infer<typeof AllergyClinicalStatusEnum>;

export const AllergyVerificationStatusEnum = z
  .enum(AllergyVerificationStatus)
  .describe("How certain the allergy is (underscored FHIR values)");
export type AllergyVerificationStatusEnum = z.infer<typeof AllergyVerificationStatusEnum>;

export const AllergyCriticalityEnum = z.enum(AllergyCriticality).describe("Potential for a life-threatening reaction");
export type AllergyCriticalityEnum = z.infer<typeof AllergyCriticalityEnum>;

export const HL7DirectionEnum = z.enum(HL7Direction).describe("Whether Meridian received or sent the message");
export type HL7DirectionEnum = z.infer<typeof HL7DirectionEnum>;

export const HL7StatusEnum = z.enum(HL7Status).describe("Processing state of an HL7 message");
export type HL7StatusEnum = z.infer<typeof HL7StatusEnum>;

export const EMRTypeEnum = z.enum(EMRType).describe("Vendor or protocol of an EMR connection");
export type EMRTypeEnum = z.infer<typeof EMRTypeEnum>;

export const RoleEnum = z.enum(Role).describe("Meridian user or API key role");
export type RoleEnum = z.infer<typeof RoleEnum>;
