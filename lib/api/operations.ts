import { z } from "zod";
import { AllergyCreate, AllergyResponse, AllergyUpdate } from "@/lib/allergies/schema";
import { AuditEventPageResponse } from "@/lib/api/audit-schemas";
import { ProblemResponse } from "@/lib/api/problem-schema";
import {
  AuthRedirect,
  BrowserSession,
  CsrfToken,
  Liveness,
  OpenApiDocumentSummary,
  Readiness,
  SignInForm,
  SignOutForm,
} from "@/lib/api/service-schemas";
import { AuditSearchCriteria } from "@/lib/audit/criteria";
import { HL7_MEDIA_TYPE, Hl7AcknowledgementBody, Hl7MessageBody } from "@/lib/hl7/http-schema";
import type { Permission } from "@/lib/auth/permissions";
import { MedicationListCriteria } from "@/lib/medications/search-schema";
import { MedicationCreate, MedicationResponse } from "@/lib/medications/schema";
import { MedicationStatusChange } from "@/lib/medications/status-schema";
import { ObservationCreate, ObservationResponse, ObservationSearchCriteria } from "@/lib/observations/schema";
import { pageSchema } from "@/lib/patients/page";
import { PatientRestrictionChange, PatientRestrictionResponse } from "@/lib/patients/restriction-schema";
import { AggregatedPatientData, PatientCreate, PatientResponse, PatientSearchCriteria, PatientUpdate } from "@/lib/patients/schema";

// Every route under app/api as data: the OpenAPI document, the API reference page and the proxy's 405 answers
// (lib/http/methods.ts) are all built from this list, and the route handlers parse with the same zod schemas, so
// none of them can disagree. lib/api/openapi.test.ts fails when a route or method is missing here.

/** Named schemas of the document (components.schemas), with the direction they travel in. */
export const API_SCHEMAS = {
  Patient: { schema: PatientResponse, io: "output" },
  PatientPage: { schema: pageSchema(PatientResponse), io: "output" },
  PatientCreate: { schema: PatientCreate, io: "input" },
  PatientUpdate: { schema: PatientUpdate, io: "input" },
  PatientChart: { schema: AggregatedPatientData, io: "output" },
  PatientRestrictionChange: { schema: PatientRestrictionChange, io: "input" },
  PatientRestriction: { schema: PatientRestrictionResponse, io: "output" },
  Observation: { schema: ObservationResponse, io: "output" },
  ObservationPage: { schema: pageSchema(ObservationResponse), io: "output" },
  ObservationCreate: { schema: ObservationCreate, io: "input" },
  Medication: { schema: MedicationResponse, io: "output" },
  MedicationList: { schema: z.object({ data: z.array(MedicationResponse) }), io: "output" },
  MedicationCreate: { schema: MedicationCreate, io: "input" },
  MedicationStatusChange: { schema: MedicationStatusChange, io: "input" },
  Allergy: { schema: AllergyResponse, io: "output" },
  AllergyList: { schema: z.object({ data: z.array(AllergyResponse) }), io: "output" },
  AllergyCreate: { schema: AllergyCreate, io: "input" },
  AllergyUpdate: { schema: AllergyUpdate, io: "input" },
  AuditEventPage: { schema: AuditEventPageResponse, io: "output" },
  Liveness: { schema: Liveness, io: "output" },
  Readiness: { schema: Readiness, io: "output" },
  CsrfToken: { schema: CsrfToken, io: "output" },
  BrowserSession: { schema: BrowserSession, io: "output" },
  SignInForm: { schema: SignInForm, io: "input" },
  SignOutForm: { schema: SignOutForm, io: "input" },
  AuthRedirect: { schema: AuthRedirect, io: "output" },
  OpenApiDocument: { schema: OpenApiDocumentSummary, io: "output" },
  Hl7Message: { schema: Hl7MessageBody, io: "input" },
  Hl7Acknowledgement: { schema: Hl7AcknowledgementBody, io: "output" },
  Problem: { schema: ProblemResponse, io: "output" },
} as const satisfies Record<string, { schema: z.ZodType; io: "input" | "output" }>;

export type ApiSchemaName = keyof typeof API_SCHEMAS;

/** 413 and 415 are added to every operation with a JSON body; 405 is the path's, not an operation's. */
export type ErrorStatus = 401 | 403 | 404 | 409 | 413 | 415 | 422;

/**
 * Who may call: a permission (checked and audited by route() and the domain function), any signed-in caller
 * (session or API key), or anyone (no credentials read).
 */
export type Access = Permission | "authenticated" | "public";

export interface ResponseSpec {
  status: 200 | 201 | 204 | 503;
  description: string;
  /** The body's schema; none for 204 and for text/csv. */
  schema?: ApiSchemaName;
  mediaType?: "application/json" | "text/csv" | typeof HL7_MEDIA_TYPE;
  location?: boolean;
}

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "put" | "patch";
  /** OpenAPI path template, e.g. /api/v1/patients/{patientId}. */
  path: string;
  summary: string;
  description: string;
  tag: string;
  access: Access;
  /** Query parameters: the properties of this search schema (input direction). */
  query?: z.ZodType;
  /** Query properties not offered on this path (taken from the path instead). */
  omitQuery?: readonly string[];
  requestBody?: { schema: ApiSchemaName; mediaType?: "application/json" | "application/x-www-form-urlencoded" | typeof HL7_MEDIA_TYPE };
  /** The success response first; then any other documented answer that is not a problem (a resend's 200, a 503). */
  responses: readonly [ResponseSpec, ...ResponseSpec[]];
  errors: readonly ErrorStatus[];
}

export const PATH_PARAMETERS: Record<string, string> = {
  patientId: "Patient id (UUID); an unknown or malformed id answers 404",
  allergyId: "Allergy id (UUID); one that is not on this patient's chart answers 404",
  medicationId: "Medication id (UUID); one that is not on this patient's chart answers 404",
};

const PATIENT_PATH = "/api/v1/patients/{patientId}";

const RESEND =
  "Send the source system's ids (`sourceEmr` with the record's source id) to make the call idempotent: sending the " +
  "same source record again replaces the stored one (200) instead of adding another; the database's unique " +
  "constraint decides, so concurrent resends cannot duplicate it. A source id already on another patient's chart " +
  "answers 409. Fields left out are stored as a first send would store them (cleared, or the documented default).";

const CLINICAL_WRITE_ERRORS = [401, 403, 404, 409, 422] as const;

const PATIENT_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "searchPatients",
    method: "get",
    path: "/api/v1/patients",
    summary: "Search patients",
    description:
      "Typo-tolerant name search (trigram similarity), any identifier exact (MRN or another source's id, in one " +
      "assigning authority with `mrnAuthority`) or MRN prefix, birth date, gender and source EMR; sorted and paged. " +
      "Without a sort, a name search lists the closest matches first. Records merged into another patient are left " +
      "out unless `includeMerged` (their identifiers find the surviving patient). Restricted patients are " +
      "listed with `restricted: true` and their contact details withheld. `total` is exact up to 10,000 matches " +
      "and an estimate beyond (`totalIsEstimate`).",
    tag: "Patients",
    access: "patients:read",
    query: PatientSearchCriteria,
    responses: [{ status: 200, schema: "PatientPage", description: "One page of matching patients" }],
    errors: [401, 403, 422],
  },
  {
    operationId: "createPatient",
    method: "post",
    path: "/api/v1/patients",
    summary: "Register a patient",
    description: "The SSN is write-only: it is stored encrypted and only its last four digits are returned.",
    tag: "Patients",
    access: "patients:write",
    requestBody: { schema: "PatientCreate" },
    responses: [{ status: 201, schema: "Patient", description: "The registered patient", location: true }],
    errors: [401, 403, 409, 422],
  },
  {
    operationId: "getPatientChart",
    method: "get",
    path: PATIENT_PATH,
    summary: "Read a patient's chart",
    description:
      "Demographics, the latest observations, medications and allergies. A restricted chart answers 403 " +
      "unless the caller holds an unexpired emergency access grant.",
    tag: "Patients",
    access: "patients:read",
    responses: [{ status: 200, schema: "PatientChart", description: "The chart" }],
    errors: [401, 403, 404],
  },
  {
    operationId: "updatePatient",
    method: "patch",
    path: PATIENT_PATH,
    summary: "Change a patient's demographics",
    description: "Only the fields sent change; null clears an optional field and `ssn: null` removes the SSN.",
    tag: "Patients",
    access: "patients:write",
    requestBody: { schema: "PatientUpdate" },
    responses: [{ status: 200, schema: "Patient", description: "The patient after the change" }],
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "setPatientRestriction",
    method: "put",
    path: `${PATIENT_PATH}/restriction`,
    summary: "Restrict a chart or lift its restriction",
    description:
      "A restricted chart opens only through emergency access. Its own permission, never granted by breaking the " +
      "glass; the reason and the from/to values go to the audit trail.",
    tag: "Patients",
    access: "patients:restrict",
    requestBody: { schema: "PatientRestrictionChange" },
    responses: [{ status: 200, schema: "PatientRestriction", description: "The chart's restriction after the call" }],
    errors: [401, 403, 404, 422],
  },
];

const CLINICAL_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "listObservations",
    method: "get",
    path: `${PATIENT_PATH}/observations`,
    summary: "List a patient's observations",
    description: "Newest first; by code, category, status and effective date range (from/to), paged.",
    tag: "Clinical records",
    access: "patients:read",
    query: ObservationSearchCriteria,
    omitQuery: ["patientId"],
    responses: [{ status: 200, schema: "ObservationPage", description: "One page of observations" }],
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "recordObservation",
    method: "post",
    path: `${PATIENT_PATH}/observations`,
    summary: "Record an observation",
    description: `A result on this patient's chart. ${RESEND}`,
    tag: "Clinical records",
    access: "patients:write",
    requestBody: { schema: "ObservationCreate" },
    responses: [
      { status: 201, schema: "Observation", description: "Recorded: a new observation" },
      { status: 200, schema: "Observation", description: "A resend of a source record: the stored observation, replaced" },
    ],
    errors: CLINICAL_WRITE_ERRORS,
  },
  {
    operationId: "listMedications",
    method: "get",
    path: `${PATIENT_PATH}/medications`,
    summary: "List a patient's medications",
    description: "Most recently started first; optionally only one status.",
    tag: "Clinical records",
    access: "patients:read",
    query: MedicationListCriteria,
    responses: [{ status: 200, schema: "MedicationList", description: "The medications" }],
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "recordMedication",
    method: "post",
    path: `${PATIENT_PATH}/medications`,
    summary: "Record a medication",
    description: `A medication on this patient's chart. ${RESEND}`,
    tag: "Clinical records",
    access: "patients:write",
    requestBody: { schema: "MedicationCreate" },
    responses: [
      { status: 201, schema: "Medication", description: "Recorded: a new medication" },
      { status: 200, schema: "Medication", description: "A resend of a source record: the stored medication, replaced" },
    ],
    errors: CLINICAL_WRITE_ERRORS,
  },
  {
    operationId: "changeMedicationStatus",
    method: "patch",
    path: `${PATIENT_PATH}/medications/{medicationId}`,
    summary: "Change a medication's status",
    description: "Hold, stop, complete … a medication on this chart, as the chart does; the reason goes to the audit trail.",
    tag: "Clinical records",
    access: "patients:write",
    requestBody: { schema: "MedicationStatusChange" },
    responses: [{ status: 200, schema: "Medication", description: "The medication after the change" }],
    errors: [401, 403, 404, 422],
  },
  {
    operationId: "listAllergies",
    method: "get",
    path: `${PATIENT_PATH}/allergies`,
    summary: "List a patient's allergies",
    description: "Allergies and intolerances, most recently recorded first.",
    tag: "Clinical records",
    access: "patients:read",
    responses: [{ status: 200, schema: "AllergyList", description: "The allergies" }],
    errors: [401, 403, 404],
  },
  {
    operationId: "recordAllergy",
    method: "post",
    path: `${PATIENT_PATH}/allergies`,
    summary: "Record an allergy",
    description: `An allergy or intolerance on this patient's chart. ${RESEND}`,
    tag: "Clinical records",
    access: "patients:write",
    requestBody: { schema: "AllergyCreate" },
    responses: [
      { status: 201, schema: "Allergy", description: "Recorded: a new allergy" },
      { status: 200, schema: "Allergy", description: "A resend of a source record: the stored allergy, replaced" },
    ],
    errors: CLINICAL_WRITE_ERRORS,
  },
  {
    operationId: "updateAllergy",
    method: "patch",
    path: `${PATIENT_PATH}/allergies/{allergyId}`,
    summary: "Change an allergy",
    description: "Only the fields sent change (status, verification, criticality, reactions …), as the chart's edit form does.",
    tag: "Clinical records",
    access: "patients:write",
    requestBody: { schema: "AllergyUpdate" },
    responses: [{ status: 200, schema: "Allergy", description: "The allergy after the change" }],
    errors: [401, 403, 404, 409, 422],
  },
];

const AUDIT_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "listAuditEvents",
    method: "get",
    path: "/api/v1/audit",
    summary: "Review the audit trail",
    description:
      "The audit page's filters, sort (any column) and keyset pagination: follow `next` with `after` and " +
      "`previous` with `before`. Newest first without a sort. Each call is itself audited.",
    tag: "Audit",
    access: "audit:read",
    query: AuditSearchCriteria,
    responses: [{ status: 200, schema: "AuditEventPage", description: "One page of audit events" }],
    errors: [401, 403, 422],
  },
  {
    operationId: "exportAuditEvents",
    method: "get",
    path: "/api/v1/audit/export",
    summary: "Export the audit trail as CSV",
    description: "Every event matching the same filters as the audit page, as a CSV download in id order. Audited.",
    tag: "Audit",
    access: "audit:export",
    query: AuditSearchCriteria,
    omitQuery: ["sort", "dir", "after", "before", "pageSize"],
    responses: [{ status: 200, mediaType: "text/csv", description: "The events, one per line, with a header row" }],
    errors: [401, 403, 422],
  },
];

const HL7_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "ingestHl7Message",
    method: "post",
    path: "/api/v1/hl7",
    summary: "Send an HL7 v2 message",
    description:
      "The raw ER7 message (or an FHS/BHS batch) as the body, as `x-application/hl7-v2+er7`, `application/hl7-v2` or " +
      "`text/plain`, in the character set MSH-18 declares. It is stored, applied and committed in one transaction, " +
      "then answered with its ACK: AA, AE with an ERR segment (table 0357 code and location) or AR — always 200, the " +
      "ACK carries the outcome. The same sending application, facility and control id is applied once; sending it " +
      "again returns the stored ACK. A 503 means nothing was stored: send it again. Limit: HL7_MAX_MESSAGE_BYTES (5 MB).",
    tag: "HL7",
    access: "hl7:ingest",
    requestBody: { schema: "Hl7Message", mediaType: HL7_MEDIA_TYPE },
    responses: [
      { status: 200, schema: "Hl7Acknowledgement", mediaType: HL7_MEDIA_TYPE, description: "The message's ACK (or a batch of ACKs)" },
      { status: 503, description: "The database is unavailable: nothing was stored or acknowledged; send the message again after Retry-After seconds" },
    ],
    errors: [401, 403, 413, 415],
  },
];

const SERVICE_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 document of every route. Public: it describes shapes, never data.",
    tag: "Service",
    access: "public",
    responses: [{ status: 200, schema: "OpenApiDocument", description: "The document" }],
    errors: [],
  },
  {
    operationId: "checkLiveness",
    method: "get",
    path: "/api/health",
    summary: "Liveness",
    description: "The process answers. Touches neither database nor cache, so an outage of either does not restart it.",
    tag: "Service",
    access: "public",
    responses: [{ status: 200, schema: "Liveness", description: "Alive" }],
    errors: [],
  },
  {
    operationId: "checkReadiness",
    method: "get",
    path: "/api/health/ready",
    summary: "Readiness",
    description: "Whether PostgreSQL and Redis answer, with their latency; no versions or error messages.",
    tag: "Service",
    access: "public",
    responses: [
      { status: 200, schema: "Readiness", description: "Ready: ok, or degraded when only the cache is down" },
      { status: 503, schema: "Readiness", description: "Not ready: the database is down" },
    ],
    errors: [],
  },
  {
    operationId: "getCsrfToken",
    method: "get",
    path: "/api/auth/csrf",
    summary: "CSRF token for signing in",
    description: "Sets the CSRF cookie and returns its token, for the sign-in and sign-out forms (next-auth).",
    tag: "Browser session",
    access: "public",
    responses: [{ status: 200, schema: "CsrfToken", description: "The token" }],
    errors: [],
  },
  {
    operationId: "signIn",
    method: "post",
    path: "/api/auth/callback/credentials",
    summary: "Sign in with email and password",
    description:
      "The web app's sign-in (next-auth credentials). Success sets the session cookie; every attempt is audited, " +
      "repeated failures lock the account and are rate-limited per address. API keys are the way in for programs.",
    tag: "Browser session",
    access: "public",
    requestBody: { schema: "SignInForm", mediaType: "application/x-www-form-urlencoded" },
    responses: [{ status: 200, schema: "AuthRedirect", description: "Where to go next; `?error=` in it when the sign-in failed" }],
    errors: [],
  },
  {
    operationId: "getBrowserSession",
    method: "get",
    path: "/api/auth/session",
    summary: "The session cookie's user",
    description: "Who the session cookie signs in, checked against the session registry (a revoked session is signed out).",
    tag: "Browser session",
    access: "public",
    responses: [{ status: 200, schema: "BrowserSession", description: "The session, or {} without one" }],
    errors: [],
  },
  {
    operationId: "signOut",
    method: "post",
    path: "/api/auth/signout",
    summary: "Sign out",
    description: "Ends the session (audited) and clears its cookie.",
    tag: "Browser session",
    access: "public",
    requestBody: { schema: "SignOutForm", mediaType: "application/x-www-form-urlencoded" },
    responses: [{ status: 200, schema: "AuthRedirect", description: "Where to go next" }],
    errors: [],
  },
  {
    operationId: "reportIdleSession",
    method: "post",
    path: "/api/session/idle",
    summary: "End an idle session",
    description: "The web app reports the idle limit reached: the session ends now, audited as expired.",
    tag: "Browser session",
    access: "authenticated",
    responses: [{ status: 204, description: "The session has ended" }],
    errors: [401, 403],
  },
];

export const API_OPERATIONS: readonly ApiOperation[] = [...PATIENT_OPERATIONS, ...CLINICAL_OPERATIONS, ...AUDIT_OPERATIONS, ...HL7_OPERATIONS, ...SERVICE_OPERATIONS];

export const API_TAGS: readonly { name: string; description: string }[] = [
  { name: "Patients", description: "Search, registration, charts and demographics" },
  { name: "Clinical records", description: "A patient's observations, medications and allergies: read, record (idempotent on source ids) and change" },
  { name: "Audit", description: "The audit trail: review and export" },
  { name: "Browser session", description: "Signing in and out of the web app (next-auth); programs use API keys instead" },
  { name: "Service", description: "Health checks and this document" },
];
