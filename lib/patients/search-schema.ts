import { z } from "zod";
import { pastIsoDate } from "@/lib/shared-schema/dates";
import { GenderEnum } from "@/lib/shared-schema/enums";
import { singleLine } from "@/lib/shared-schema/fields";
import { paginationShape, prepareQuery, queryBoolean, queryParam, sortShape } from "@/lib/shared-schema/query";

const PATIENT_SORT_FIELDS = ["name", "mrn", "birthDate", "updatedAt"] as const;

export const PatientSortField = z.enum(PATIENT_SORT_FIELDS).describe("Patient sort field");
export type PatientSortField = z.infer<typeof PatientSortField>;

/**
 * Patient list filters, parsed from a URL query (URLSearchParams or a Next.js searchParams record) or JSON.
 * Blank parameters are ignored; sort accepts "sort=-updatedAt" as well as "sort=updatedAt&dir=desc".
 */
export const PatientSearchCriteria = z.preprocess(
  prepareQuery,
  z.object({
    name: queryParam(singleLine(200)).describe("Free text over first and last name (typo tolerant)"),
    firstName: queryParam(singleLine(100)).describe("Given name"),
    lastName: queryParam(singleLine(100)).describe("Family name"),
    mrn: queryParam(singleLine(128).min(1)).describe(
      "Medical record number or any other identifier of the patient (HL7 PID-3), exact; with mrnPrefix, MRNs starting with it",
    ),
    mrnPrefix: queryBoolean().describe("Match MRNs starting with mrn"),
    mrnAuthority: queryParam(singleLine(64)).describe("Assigning authority of the identifier (or MRN) searched for"),
    includeMerged: queryBoolean().describe(
      "Also list records merged into another patient (flagged with mergedInto); by default only live patients are listed, and a merged record's identifiers find the patient it went into",
    ),
    birthDate: queryParam(pastIsoDate()).describe("Date of birth, YYYY-MM-DD"),
    gender: queryParam(GenderEnum),
    sourceEmr: queryParam(singleLine(64)).describe("Source EMR"),
    ...sortShape(PATIENT_SORT_FIELDS),
    ...paginationShape,
  }),
);
export type PatientSearchCriteria = z.infer<typeof PatientSearchCriteria>;
