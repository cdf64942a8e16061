import { z } from "zod";
import { AllergyResponse } from "@/lib/allergies/schema";
import { ProblemResponse } from "@/lib/api/problem-schema";
import type { Permission } from "@/lib/auth/permissions";
import { MedicationListCriteria } from "@/lib/medications/search-schema";
import { MedicationResponse } from "@/lib/medications/schema";
import { ObservationResponse, ObservationSearchCriteria } from "@/lib/observations/schema";
import { pageSchema } from "@/lib/patients/page";
import { AggregatedPatientData, PatientCreate, PatientResponse, PatientSearchCriteria, PatientUpdate } from "@/lib/patients/schema";
import { PatientRestrictionChange, PatientRestrictionResponse } from "@/lib/patients/restriction-schema";

// The JSON API as data: the OpenAPI document and the API reference page are both built from this list, and the
// route handlers under app/api/v1 use the same zod schemas, so the three cannot disagree.

/** Named schemas of the document (components.schemas), with the direction they travel in. */
export const API_SCHEMAS = {
  Patient: { schema: PatientResponse, io: "output" },
  PatientPage: { schema: pageSchema(PatientResponse), io: "output" },
  PatientCreate: { schema: PatientCreate, io: "input" },
  PatientUpdate: { schema: PatientUpdate, io: "input" },
  PatientChart: { schema: AggregatedPatientData, io: "output" },
  PatientRestrictionChange: { schema: PatientRestrictionChange, io: "input" },
  PatientRestriction: { schema: PatientRestrictionResponse, io: "output" },
  ObservationPage: { schema: pageSchema(ObservationResponse), io: "output" },
  MedicationList: { schema: z.object({ data: z.array(MedicationResponse) }), io: "output" },
  AllergyList: { schema: z.object({ data: z.array(AllergyResponse) }), io: "output" },
  Problem: { schema: ProblemResponse, io: "output" },
} as const satisfies Record<string, { schema: z.ZodType; io: "input" | "output" }>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422;

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "put" | "patch";
  /** OpenAPI path template, e.g. /api/v1/patients/{patientId}. */
  path: string;
  summary: string;
  description: string;
  tag: string;
  permission: Permission;
  /** Query parameters: the properties of this search schema (input direction). */
  query?: z.ZodType;
  /** Query properties not offered on this path (taken from the path instead). */
  omitQuery?: readonly string[];
  requestBody?: ApiSchemaName;
  success: { status: 200 | 201; schema: ApiSchemaName; description: string; location?: boolean };
  errors: readonly ErrorStatus[];
}

const PATIENT_PATH = "/api/v1/patients/{patientId}";

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "searchPatients",
    method: "get",
    path: "/api/v1/patients",
    summary: "Search patients",
    description:
      "Typo-tolerant name search (trigram similarity), MRN exact or prefix, birth date, gender and source EMR; " +
      "sorted and paged. Without a sort, a name search lists the closest matches first. Restricted patients are " +
      "listed with `restricted: true` and their contact details withheld. `total` is exact up to 10,000 matches " +
      "and an estimate beyond (`totalIsEstimate`).",
    tag: "Patients",
    permission: "patients:read",
    query: PatientSearchCriteria,
    success: { status: 200, schema: "PatientPage", description: "One page of matching patients" },
    errors: [401, 403, 422],
  },
  {
    operationId: "createPatient",
    method: "post",
    path: "/api/v1/patients",
    summary: "Register a patient",
    description: "The SSN is write-only: it is stored encrypted and only its last four digits are returned.",
    tag: "Patients",
    permission: "patients:write",
    requestBody: "PatientCreate",
    success: { status: 201, schema: "Patient", description: "The registered patient", location: true },
    errors: [401, 403, 409, 422],
  },
  {
    operationId: "getPatientChart",
    method: "get",
    path: PATIENT_PATH,
    summary: "Read a patient's chart",
    description:
      "Demographics, the newest result of every observation code with up to 24 recent results per code (at most 200; " +
      "page through every result at …/observations), observation counts, medications and allergies. A restricted chart answers 403 " +
      "unless the caller holds an unexpired emergency access grant.",
    tag: "Patients",
    permission: "patients:read",
    success: { status: 200, schema: "PatientChart", description: "The chart" },
    errors: [401, 403, 404],
  },
  {
    operationId: "updatePatient",
    method: "patch",
    path: PATIENT_PATH,
    summary: "Change a patient's demographics",
    description: "Only the fields sent change; null clears an optional field and `ssn: null` removes the SSN.",
    tag: "Patients",
    permission: "patients:write",
    requestBody: "PatientUpdate",
    success: { status: 200, schema: "Patient", description: "The patient after the change" },
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "setPatientRestriction",
    method: "put",
    path: `${PATIENT_PATH}/restriction`,
    summary: "Restrict a chart or lift its restriction",
    description:
      "A restricted chart opens only through emergency access (break the glass). Setting the restriction needs its " +
      "own permission, which an emergency access grant never gives; the reason and the change (from, to) are " +
      "audited. Setting the value the chart already has changes nothing (`changed: false`).",
    tag: "Patients",
    permission: "patients:restrict",
    requestBody: "PatientRestrictionChange",
    success: { status: 200, schema: "PatientRestriction", description: "The chart's restriction after the change" },
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "listObservations",
    method: "get",
    path: `${PATIENT_PATH}/observations`,
    summary: "List a patient's observations",
    description: "Newest first; by code, category, status and effective date range (from/to), paged.",
    tag: "Clinical records",
    permission: "patients:read",
    query: ObservationSearchCriteria,
    omitQuery: ["patientId"],
    success: { status: 200, schema: "ObservationPage", description: "One page of observations" },
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "listMedications",
    method: "get",
    path: `${PATIENT_PATH}/medications`,
    summary: "List a patient's medications",
    description: "Most recently started first; optionally only one status.",
    tag: "Clinical records",
    permission: "patients:read",
    query: MedicationListCriteria,
    success: { status: 200, schema: "MedicationList", description: "The medications" },
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "listAllergies",
    method: "get",
    path: `${PATIENT_PATH}/allergies`,
    summary: "List a patient's allergies",
    description: "Allergies and intolerances, most recently recorded first.",
    tag: "Clinical records",
    permission: "patients:read",
    success: { status: 200, schema: "AllergyList", description: "The allergies" },
    errors: [401, 403, 404],
  },
];
