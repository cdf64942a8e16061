import { describe, expect, it } from "vitest";
import * as Prisma from "@/lib/generated/prisma/enums";
import * as Enums from "@/lib/shared-schema/enums";

const pairs = [
  [Enums.GenderEnum, Prisma.Gender],
  [Enums.ObservationTypeEnum, Prisma.ObservationType],
  [Enums.ObservationStatusEnum, Prisma.ObservationStatus],
  [Enums.MedicationStatusEnum, Prisma.MedicationStatus],
  [Enums.AllergyTypeEnum, Prisma.AllergyType],
  [Enums.AllergyCategoryEnum, Prisma.AllergyCategory],
  [Enums.AllergyClinicalStatusEnum, Prisma.AllergyClinicalStatus],
  [Enums.AllergyVerificationStatusEnum, Prisma.AllergyVerificationStatus],
  [Enums.AllergyCriticalityEnum, Prisma.AllergyCriticality],
  [Enums.HL7DirectionEnum, Prisma.HL7Direction],
  [Enums.HL7StatusEnum, Prisma.HL7Status],
  [Enums.EMRTypeEnum, Prisma.EMRType],
  [Enums.RoleEnum, Prisma.Role],
] as const;

describe("zod enums", () => {
  it("cover every exported enum", () => {
    expect(pairs).toHaveLength(Object.keys(Enums).length);
  });

  it.each(pairs)("has exactly the Prisma values (%#)", (schema, prismaEnum) => {
    expect(schema.options).toEqual(Object.values(prismaEnum));
    for (const value of Object.values(prismaEnum)) expect(schema.parse(value)).toBe(value);
  });

  it.each(pairs)("rejects unknown values, wrong case and non-strings (%#)", (schema) => {
    expect(schema.safeParse("not-a-value").success).toBe(false);
    expect(schema.safeParse(schema.options[0]?.toUpperCase()).success).toBe(false);
    expect(schema.safeParse(1).success).toBe(false);
    expect(schema.safeParse(null).success).toBe(false);
  });

  it("uses underscores where FHIR uses hyphens", () => {
    expect(Enums.ObservationTypeEnum.parse("vital_signs")).toBe("vital_signs");
    expect(Enums.ObservationTypeEnum.safeParse("vital-signs").success).toBe(false);
    expect(Enums.ObservationStatusEnum.safeParse("entered-in-error").success).toBe(false);
    expect(Enums.AllergyCriticalityEnum.safeParse("unable-to-assess").success).toBe(false);
  });
});
