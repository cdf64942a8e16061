import type { Prisma } from "@/lib/generated/prisma/client";
import type { PatientResponse } from "@/lib/patients/schema";

/** The columns of a PatientResponse: never ssnEncrypted. */
export const patientResponseSelect = {
  id: true,
  mrn: true,
  firstName: true,
  middleName: true,
  lastName: true,
  birthDate: true,
  gender: true,
  ssnLast4: true,
  phone: true,
  email: true,
  addressLine1: true,
  addressLine2: true,
  city: true,
  state: true,
  postalCode: true,
  country: true,
  maritalStatus: true,
  race: true,
  ethnicity: true,
  preferredLanguage: true,
  sourceEmr: true,
  sourcePatientId: true,
  restricted: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.PatientSelect;

export type PatientRow = Prisma.PatientGetPayload<{ select: typeof patientResponseSelect }>;

export function toPatientResponse(row: PatientRow): PatientResponse {
  return { ...row };
}
