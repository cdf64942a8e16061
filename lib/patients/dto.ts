import { z } from "zod";
import { columnOf } from "@/lib/db/columns";
import { Prisma } from "@/lib/generated/prisma/client";
import { PatientAlias, type PatientIdentifierResponse, type PatientResponse } from "@/lib/patients/schema";
import { utcToCalendarDate } from "@/lib/shared-schema/dates";

/** An SSN identifier is never listed: the SSN is shown only as its last four digits (ssnLast4) or revealed, audited. */
const HIDDEN_IDENTIFIER_TYPE = "SS";

/** The patient's identifiers as listed, in a stable order: the MRN's type (MR) first, then by type, authority, value. */
const identifiersSelect = {
  where: { identifierType: { not: HIDDEN_IDENTIFIER_TYPE } },
  select: { value: true, assigningAuthority: true, identifierType: true },
  orderBy: [{ identifierType: "asc" }, { assigningAuthority: "asc" }, { value: "asc" }],
} as const satisfies Prisma.Patient$identifiersArgs;

/** The columns of a PatientResponse: never ssnEncrypted. */
const patientColumnSelect = {
  id: true,
  mrn: true,
  mrnAuthority: true,
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
  aliases: true,
  mergedIntoId: true,
  mergedAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.PatientSelect;

/** What a PatientResponse is read from: the columns and the listed identifiers. */
export const patientResponseSelect = { ...patientColumnSelect, identifiers: identifiersSelect } as const satisfies Prisma.PatientSelect;

export type PatientRow = Prisma.PatientGetPayload<{ select: typeof patientResponseSelect }>;

type IdentifierRow = PatientRow["identifiers"][number];

const byType = (a: IdentifierRow, b: IdentifierRow): number => Number(b.identifierType === "MR") - Number(a.identifierType === "MR");

/** The aliases column as written by HL7 ingest; anything else in it (never expected) is left out rather than shown. */
function aliasesOf(value: Prisma.JsonValue): PatientResponse["aliases"] {
  return z.array(PatientAlias).catch([]).parse(value);
}

function identifierOf(row: IdentifierRow): PatientIdentifierResponse {
  return { value: row.value, assigningAuthority: row.assigningAuthority, type: row.identifierType };
}

export function toPatientResponse(row: PatientRow): PatientResponse {
  const { identifiers, aliases, mergedIntoId, ...rest } = row;
  return {
    ...rest,
    birthDate: utcToCalendarDate(row.birthDate),
    identifiers: [...identifiers].sort(byType).map(identifierOf),
    aliases: aliasesOf(aliases),
    mergedInto: mergedIntoId,
  };
}

// A date column comes back from pg as local midnight; as a UTC timestamp it is the instant Prisma gives (UTC midnight).
const patientColumns = Prisma.raw(
  Object.keys(patientColumnSelect)
    .map((field) => (field === "birthDate" ? `birth_date::timestamp AT TIME ZONE 'UTC' AS "birthDate"` : `${columnOf(field)} AS "${field}"`))
    .join(", "),
);

/** identifiersSelect in SQL: one index range (patient_identifiers_patient_id_idx) per patient of the page. */
const identifiersColumn = Prisma.sql`(
  SELECT COALESCE(json_agg(json_build_object('value', i.value, 'assigningAuthority', i.assigning_authority, 'identifierType', i.identifier_type)
    ORDER BY i.identifier_type, i.assigning_authority, i.value), '[]')
  FROM patient_identifiers i WHERE i.patient_id = patients.id AND i.identifier_type <> ${HIDDEN_IDENTIFIER_TYPE}) AS identifiers`;

/** The PatientRow of each of these patients, in no particular order, for search's SQL transaction. */
export function patientRowsStatement(ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${patientColumns}, ${identifiersColumn} FROM patients WHERE id = ANY (${[...ids]}::uuid[])`;
}
