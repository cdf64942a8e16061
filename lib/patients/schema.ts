import { z } from "zod";
import { AllergyResponse } from "@/lib/allergies/schema";
import { MedicationResponse } from "@/lib/medications/schema";
import { ObservationResponse } from "@/lib/observations/schema";
import { CountryCode, EmailAddress, PhoneNumber, PostalCode, StateCode, US_ZIP } from "@/lib/shared-schema/contact";
import { CalendarDate, pastIsoDate } from "@/lib/shared-schema/dates";
import { GenderEnum } from "@/lib/shared-schema/enums";
import { Mrn, nullableField, optionalText, requiredText, singleLine, Uuid } from "@/lib/shared-schema/fields";
import { SsnInput } from "@/lib/patients/ssn";

export { Mrn } from "@/lib/shared-schema/fields";
export { SsnInput } from "@/lib/patients/ssn";
export { PatientSearchCriteria, PatientSortField } from "@/lib/patients/search-schema";

/** Demographics shared by Create, Update and Response. Strict: an unknown field is refused, never silently dropped. */
export const PatientBase = z.strictObject({
  mrn: Mrn.describe("Medical record number, unique within its assigning authority"),
  mrnAuthority: singleLine(64)
    .optional()
    .describe("Assigning authority of the MRN (HL7 CX-4, e.g. a facility's namespace id); empty when none. Default empty"),
  firstName: requiredText(100).describe("Given name"),
  middleName: optionalText(100).describe("Middle name(s)"),
  lastName: requiredText(100).describe("Family name"),
  birthDate: pastIsoDate().describe("Date of birth, YYYY-MM-DD, from 1900-01-01 to today"),
  gender: GenderEnum.optional().describe("Administrative gender; unknown when not given"),
  phone: nullableField(PhoneNumber),
  email: nullableField(EmailAddress),
  addressLine1: optionalText(255).describe("Street address"),
  addressLine2: optionalText(255).describe("Apartment, suite, unit"),
  city: optionalText(100).describe("City"),
  state: nullableField(StateCode),
  postalCode: nullableField(PostalCode),
  country: nullableField(CountryCode),
  maritalStatus: optionalText(32).describe("Marital status (HL7 v2 table 0002 / FHIR code or text)"),
  race: optionalText(64).describe("Race"),
  ethnicity: optionalText(64).describe("Ethnicity"),
  preferredLanguage: optionalText(32).describe("Preferred language, e.g. en or es-MX"),
  sourceEmr: optionalText(64).describe("EMR the record came from (connection id or vendor)"),
  sourcePatientId: optionalText(128).describe("Patient id in the source EMR"),
});
export type PatientBase = z.infer<typeof PatientBase>;

const PatientWrite = PatientBase.extend({
  ssn: nullableField(SsnInput),
});

type AddressFields = { country?: string | null; postalCode?: string | null };

/** A US address needs a ZIP (12345 or 12345-6789); other countries keep their own postal formats. */
function checkUsZip(value: AddressFields, ctx: z.RefinementCtx): void {
  if (value.country === "US" && value.postalCode && !US_ZIP.test(value.postalCode)) {
    ctx.addIssue({ code: "custom", path: ["postalCode"], message: "US ZIP code must be 12345 or 12345-6789" });
  }
}

export const PatientCreate = PatientWrite.superRefine(checkUsZip);
export type PatientCreate = z.infer<typeof PatientCreate>;
export type PatientCreateInput = z.input<typeof PatientCreate>;

/** Any subset of PatientCreate; null clears an optional field, `ssn: null` removes the SSN. */
export const PatientUpdate = PatientWrite.partial().superRefine(checkUsZip);
export type PatientUpdate = z.infer<typeof PatientUpdate>;
export type PatientUpdateInput = z.input<typeof PatientUpdate>;

/** An identifier of the patient as a source assigned it (HL7 CX): a patient is found by any of them. */
export const PatientIdentifierResponse = z.object({
  value: z.string().describe("The identifier"),
  assigningAuthority: z.string().describe("Who assigned it (HL7 CX-4); empty when the sender did not say"),
  type: z.string().describe("HL7 table 0203: MR medical record number, PI patient internal id, …; SSNs are never listed"),
});
export type PatientIdentifierResponse = z.infer<typeof PatientIdentifierResponse>;

/** Another name the patient is known by (HL7 PID-5 repetitions besides the legal name). */
export const PatientAlias = z.object({
  family: z.string().describe("Family name"),
  given: z.string().describe("Given name"),
  middle: z.string().nullable().describe("Middle name(s)"),
  type: z.string().describe("HL7 table 0200: A alias, M maiden, B birth name, …; empty when the sender did not say"),
});
export type PatientAlias = z.infer<typeof PatientAlias>;

/** A patient as returned: never the SSN, only its last four digits (the chart shows them with maskedSsn). */
export const PatientResponse = PatientBase.extend({
  id: Uuid,
  // A record an HL7 sender registered keeps its MRN as sent, which need not fit the format a form accepts.
  mrn: z.string().describe("Medical record number (the MR identifier), unique within its assigning authority"),
  mrnAuthority: z.string().describe("Assigning authority of the MRN; empty when none"),
  birthDate: CalendarDate.describe("Date of birth, YYYY-MM-DD"),
  gender: GenderEnum,
  restricted: z
    .boolean()
    .describe("Restricted chart, opened only through emergency access (break the glass); changed only through its own operation"),
  ssnLast4: z
    .string()
    .regex(/^\d{4}$/)
    .nullable()
    .describe("Last four digits of the SSN, null when none on file"),
  identifiers: z
    .array(PatientIdentifierResponse)
    .describe("Every identifier the patient is found by, the MRN included; SSNs are never listed (see ssnLast4)"),
  aliases: z.array(PatientAlias).describe("Other names the patient is known by"),
  mergedInto: Uuid.nullable().describe(
    "Set when this record was merged into another patient (HL7 ADT^A40): the id of the surviving patient, which now holds its identifiers and records",
  ),
  mergedAt: z.date().nullable().describe("When the record was merged; null for a live patient"),
  createdAt: z.date(),
  updatedAt: z.date(),
})
  .required()
  .strip();
export type PatientResponse = z.infer<typeof PatientResponse>;

export const ObservationCounts = z.object({
  total: z.number().int().nonnegative().describe("Every observation of the patient (page through them at …/observations)"),
  bySource: z
    .array(z.object({ sourceEmr: z.string().nullable().describe("Source EMR; null for results entered in Meridian"), count: z.number().int().nonnegative() }))
    .describe("Observations per source EMR"),
});
export type ObservationCounts = z.infer<typeof ObservationCounts>;

/** A patient's chart in one document: its first screen, bounded whatever the number of results. */
export const AggregatedPatientData = z.object({
  patient: PatientResponse,
  observations: z
    .array(ObservationResponse)
    .describe(
      "The newest valid result of each code first, then up to 24 recent results per code (for trends); at most 200. " +
        "Cancelled and entered-in-error results are left out; the observations list has every result.",
    ),
  observationCounts: ObservationCounts,
  medications: z.array(MedicationResponse),
  allergies: z.array(AllergyResponse),
});
export type AggregatedPatientData = z.infer<typeof AggregatedPatientData>;
