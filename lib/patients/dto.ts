import { columnOf } from "@/lib/db/columns";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PatientResponse } from "@/lib/patients/schema";
import { utcToCalendarDate } from "@/lib/shared-schema/dates";

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
  return { ...row, birthDate: utcToCalendarDate(row.birthDate) };
}

// A date column comes back from pg as local midnight; as a UTC timestamp it is the instant Prisma gives (UTC midnight).
const patientColumns = Prisma.raw(
  Object.keys(patientResponseSelect)
    .map((field) => (field === "birthDate" ? `birth_date::timestamp AT TIME ZONE 'UTC' AS "birthDate"` : `${columnOf(field)} AS "${field}"`))
    .join(", "),
);

/** The PatientRow of each of these patients, in no particular order, for search's SQL transaction. */
export function patientRowsStatement(ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${patientColumns} FROM patients WHERE id = ANY (${[...ids]}::uuid[])`;
}
