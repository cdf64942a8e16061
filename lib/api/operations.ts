import { z } from "zod";
import { AllergyCreate, AllergyResponse, AllergyUpdate } from "@/lib/allergies/schema";
import {
  AlertChangeResponse,
  AlertCountResponse,
  AlertDetailResponse,
  AlertPageResponse,
  AlertRuleChangeResponse,
  AlertRuleListResponse,
  AlertRuleSettingsChangeDocumented,
} from "@/lib/api/alert-schemas";
import { AlertListCriteria, AlertRuleKeyEnum, AssignAlertBody, ReopenAlertBody, ResolveAlertBody } from "@/lib/alerts/schema";
import { AuditEventPageResponse } from "@/lib/api/audit-schemas";
import { CompliancePeriod, DisclosureCriteria } from "@/lib/compliance/criteria";
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
import { ConnectionListCriteria } from "@/lib/connections/criteria";
import { ConnectionDetailResponse } from "@/lib/connections/detail-schema";
import { ConnectionListItem, ConnectionTestView, EMRConnectionCreate, EMRConnectionResponse, EMRConnectionUpdate } from "@/lib/connections/schema";
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
  Connection: { schema: EMRConnectionResponse, io: "output" },
  ConnectionDetail: { schema: ConnectionDetailResponse, io: "output" },
  ConnectionPage: { schema: pageSchema(ConnectionListItem), io: "output" },
  ConnectionCreate: { schema: EMRConnectionCreate, io: "input" },
  ConnectionUpdate: { schema: EMRConnectionUpdate, io: "input" },
  ConnectionTest: { schema: ConnectionTestView, io: "output" },
  AlertPage: { schema: AlertPageResponse, io: "output" },
  AlertDetail: { schema: AlertDetailResponse, io: "output" },
  AlertCount: { schema: AlertCountResponse, io: "output" },
  AlertChange: { schema: AlertChangeResponse, io: "output" },
  AlertAssign: { schema: AssignAlertBody, io: "input" },
  AlertResolve: { schema: ResolveAlertBody, io: "input" },
  AlertReopen: { schema: ReopenAlertBody, io: "input" },
  AlertRuleList: { schema: AlertRuleListResponse, io: "output" },
  AlertRuleChange: { schema: AlertRuleSettingsChangeDocumented, io: "input" },
  AlertRuleChanged: { schema: AlertRuleChangeResponse, io: "output" },
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
  method: "get" | "post" | "put" | "patch" | "delete";
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
  connectionId: "Connection id (the UUID `id`, not the slug); an unknown or malformed id answers 404",
  alertId: "Alert id (UUID); an unknown or malformed id answers 404",
  ruleKey: "Detection rule key, e.g. signin.failed_per_account; an unknown key answers 404",
};

/** Path parameters that are not UUIDs, with their schema. */
export const PATH_PARAMETER_SCHEMAS: Record<string, z.ZodType> = {
  ruleKey: AlertRuleKeyEnum,
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
  {
    operationId: "exportComplianceReport",
    method: "get",
    path: "/api/v1/compliance/report",
    summary: "Export the HIPAA compliance report as CSV",
    description: "Every figure of the /compliance report for the period as a (section, metric, value) row. Audited.",
    tag: "Audit",
    access: "audit:read",
    query: CompliancePeriod,
    responses: [{ status: 200, mediaType: "text/csv", description: "The figures, one per line, with a header row" }],
    errors: [401, 403, 422],
  },
  {
    operationId: "exportAccountingOfDisclosures",
    method: "get",
    path: "/api/v1/compliance/disclosures",
    summary: "Export one patient's accounting of disclosures as CSV",
    description: "Every access to the patient's data by an API key or HL7 connection in the period (HIPAA §164.528). Audited.",
    tag: "Audit",
    access: "audit:read",
    query: DisclosureCriteria,
    responses: [{ status: 200, mediaType: "text/csv", description: "The disclosures, newest first, with a header row" }],
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

const CONNECTION_PATH = "/api/v1/connections/{connectionId}";

const CONNECTION_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "listConnections",
    method: "get",
    path: "/api/v1/connections",
    summary: "List EMR connections",
    description:
      "Every EMR connection with its status, last test and the last hour's traffic (inbound HL7 feeds: messages " +
      "received; FHIR and outbound: requests made) and error rate; filtered by status, kind and EMR type, sorted, paged. " +
      "The traffic comes from the hourly request statistics: all of this hour and the share of the previous hour still " +
      "inside the last 60 minutes. Credentials are never returned.",
    tag: "Connections",
    access: "connections:read",
    query: ConnectionListCriteria,
    responses: [{ status: 200, schema: "ConnectionPage", description: "One page of connections" }],
    errors: [401, 403, 422],
  },
  {
    operationId: "createConnection",
    method: "post",
    path: "/api/v1/connections",
    summary: "Add an EMR connection",
    description:
      "An endpoint of one kind — `fhir_rest` (base URL, FHIR version, auth none / basic / client_secret / " +
      "private_key_jwt), `mllp_inbound` (the sending application and facility that attribute HL7 messages to it) or " +
      "`mllp_outbound` (host, port, TLS) — and the secrets its auth needs in `credentials` (password, clientSecret or " +
      "privateKeyPem; a secret the auth does not use is refused). `config` holds the named non-secret settings (other " +
      "keys are refused). Secrets are encrypted at rest and never returned. A taken `connectionId` answers 409.",
    tag: "Connections",
    access: "connections:manage",
    requestBody: { schema: "ConnectionCreate" },
    responses: [{ status: 201, schema: "Connection", description: "The connection", location: true }],
    errors: [401, 403, 409, 422],
  },
  {
    operationId: "getConnection",
    method: "get",
    path: CONNECTION_PATH,
    summary: "One EMR connection",
    description: "The connection (never its secrets: only the names of those stored), its last 20 tests and its hourly request statistics for 24 hours.",
    tag: "Connections",
    access: "connections:read",
    responses: [{ status: 200, schema: "ConnectionDetail", description: "The connection" }],
    errors: [401, 403, 404],
  },
  {
    operationId: "updateConnection",
    method: "patch",
    path: CONNECTION_PATH,
    summary: "Change or deactivate an EMR connection",
    description:
      "Changes the fields sent; `isActive: false` deactivates it (kept with its history; HL7 is no longer attributed " +
      "to it, it is no longer tested), `isActive: true` reactivates it. `credentials` sets the named secrets and keeps " +
      "the others; null removes all; an `endpoint` whose auth no longer uses a stored secret removes it. Audited with the old and new value of every non-secret field (`config` included).",
    tag: "Connections",
    access: "connections:manage",
    requestBody: { schema: "ConnectionUpdate" },
    responses: [{ status: 200, schema: "Connection", description: "The changed connection" }],
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "deactivateConnection",
    method: "delete",
    path: CONNECTION_PATH,
    summary: "Deactivate an EMR connection",
    description:
      "Deactivates the connection: it is kept with its history and statistics, HL7 is no longer attributed to it and " +
      "it is no longer tested. PATCH `isActive: true` reactivates it. Audited as connection.deactivated; an already " +
      "deactivated connection answers 409.",
    tag: "Connections",
    access: "connections:manage",
    responses: [{ status: 200, schema: "Connection", description: "The deactivated connection" }],
    errors: [401, 403, 404, 409],
  },
  {
    operationId: "testConnection",
    method: "post",
    path: `${CONNECTION_PATH}/test`,
    summary: "Test an EMR connection",
    description:
      "FHIR: obtains a token if configured, then GET [base]/metadata (10 s). MLLP outbound: connects and sends an " +
      "NMD^N02 test message, waiting for its ACK. Inbound feeds report their last message. The result (outcome such as " +
      "ok, refused, timeout, tls, unauthorized, forbidden, not_fhir; latency; FHIR version and server software) is " +
      "stored in the connection's history, updates its status and is audited.",
    tag: "Connections",
    access: "connections:manage",
    responses: [{ status: 200, schema: "ConnectionTest", description: "The test's result (a failed test is a 200 with success false)" }],
    errors: [401, 403, 404],
  },
];

const ALERT_PATH = "/api/v1/alerts/{alertId}";
const RULE_PATH = "/api/v1/alert-rules/{ruleKey}";

const ALERT_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: "listAlerts",
    method: "get",
    path: "/api/v1/alerts",
    summary: "List security alerts",
    description:
      "Alerts raised by the detection rules, newest activity first unless sorted otherwise: by status (or " +
      "`unresolved`: open or acknowledged), severity, rule, assignee (or `unassigned`), the user or API key and the " +
      "patient they are about, and the period they were seen in; paged. Each call is itself audited.",
    tag: "Alerts",
    access: "alerts:read",
    query: AlertListCriteria,
    responses: [{ status: 200, schema: "AlertPage", description: "One page of alerts" }],
    errors: [401, 403, 422],
  },
  {
    operationId: "countUnresolvedAlerts",
    method: "get",
    path: "/api/v1/alerts/count",
    summary: "Count unresolved alerts",
    description: "How many alerts are open or acknowledged, as the navigation's badge shows. It names nobody and is not audited.",
    tag: "Alerts",
    access: "alerts:read",
    responses: [{ status: 200, schema: "AlertCount", description: "The count" }],
    errors: [401, 403],
  },
  {
    operationId: "getAlert",
    method: "get",
    path: ALERT_PATH,
    summary: "One security alert",
    description:
      "The alert with its rule's figures, its workflow (acknowledged, resolved, the resolution note) and the newest " +
      "linked audit events (ids usable with GET /api/v1/audit). Audited; a lookup of an unknown id is audited as a failed one.",
    tag: "Alerts",
    access: "alerts:read",
    responses: [{ status: 200, schema: "AlertDetail", description: "The alert" }],
    errors: [401, 403, 404],
  },
  {
    operationId: "acknowledgeAlert",
    method: "post",
    path: `${ALERT_PATH}/acknowledge`,
    summary: "Acknowledge an alert",
    description: "open → acknowledged: someone is looking into it. No body. An alert already acknowledged or resolved answers 409. Audited.",
    tag: "Alerts",
    access: "alerts:manage",
    responses: [{ status: 200, schema: "AlertChange", description: "The alert's new status" }],
    errors: [401, 403, 404, 409],
  },
  {
    operationId: "assignAlert",
    method: "post",
    path: `${ALERT_PATH}/assign`,
    summary: "Assign an alert",
    description:
      "To an active user whose role may manage alerts (another user answers 422 at assigneeId), or to nobody with " +
      "`assigneeId: null`. A resolved alert, or one already assigned so, answers 409. Audited with the old and new assignee.",
    tag: "Alerts",
    access: "alerts:manage",
    requestBody: { schema: "AlertAssign" },
    responses: [{ status: 200, schema: "AlertChange", description: "The alert's status and new assignee" }],
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "resolveAlert",
    method: "post",
    path: `${ALERT_PATH}/resolve`,
    summary: "Resolve an alert",
    description:
      "Closes the alert with a note of what was found and done; the rule may raise a new alert about the same subject " +
      "from then on. An alert already resolved answers 409. Audited with the note.",
    tag: "Alerts",
    access: "alerts:manage",
    requestBody: { schema: "AlertResolve" },
    responses: [{ status: 200, schema: "AlertChange", description: "The alert, resolved" }],
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "reopenAlert",
    method: "post",
    path: `${ALERT_PATH}/reopen`,
    summary: "Reopen a resolved alert",
    description:
      "resolved → open, with the reason. An alert that is not resolved answers 409, and so does one whose rule has " +
      "since raised a newer open alert about the same subject (work on that one). Audited with the reason.",
    tag: "Alerts",
    access: "alerts:manage",
    requestBody: { schema: "AlertReopen" },
    responses: [{ status: 200, schema: "AlertChange", description: "The alert, open again" }],
    errors: [401, 403, 404, 409, 422],
  },
  {
    operationId: "listAlertRules",
    method: "get",
    path: "/api/v1/alert-rules",
    summary: "List the detection rules",
    description: "Every detection rule: what it looks for, whether it is on, its severity, thresholds (and their defaults) and notification routing.",
    tag: "Alerts",
    access: "alerts:read",
    responses: [{ status: 200, schema: "AlertRuleList", description: "The rules" }],
    errors: [401, 403],
  },
  {
    operationId: "updateAlertRule",
    method: "patch",
    path: RULE_PATH,
    summary: "Change a detection rule",
    description:
      "Changes the settings sent and leaves the others: on/off, severity, thresholds (checked by the rule's own " +
      "schema: errors at thresholds.<name>; missing thresholds take their defaults), e-mail recipients, webhook and " +
      "digest. Takes effect from the next detection run. Audited with the old and new value of each changed setting.",
    tag: "Alerts",
    access: "alerts:configure",
    requestBody: { schema: "AlertRuleChange" },
    responses: [{ status: 200, schema: "AlertRuleChanged", description: "What changed, and the rule after the change" }],
    errors: [401, 403, 404, 422],
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

export const API_OPERATIONS: readonly ApiOperation[] = [...PATIENT_OPERATIONS, ...CLINICAL_OPERATIONS, ...AUDIT_OPERATIONS, ...HL7_OPERATIONS, ...CONNECTION_OPERATIONS, ...ALERT_OPERATIONS, ...SERVICE_OPERATIONS];

export const API_TAGS: readonly { name: string; description: string }[] = [
  { name: "Patients", description: "Search, registration, charts and demographics" },
  { name: "Clinical records", description: "A patient's observations, medications and allergies: read, record (idempotent on source ids) and change" },
  { name: "Audit", description: "The audit trail: review and export" },
  { name: "Alerts", description: "Security alerts raised by the detection rules: review, acknowledge, assign, resolve, reopen; the rules' settings" },
  { name: "Browser session", description: "Signing in and out of the web app (next-auth); programs use API keys instead" },
  { name: "Service", description: "Health checks and this document" },
];
