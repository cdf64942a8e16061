import "server-only";
import { loadAllergies } from "@/lib/allergies/queries";
import type { AllergyResponse } from "@/lib/allergies/schema";
import { recordAudit, type AuditEntry } from "@/lib/audit/writer";
import { assertCanAny, type AuthContext } from "@/lib/auth/assert";
import type { Permission } from "@/lib/auth/permissions";
import { cacheKeys } from "@/lib/cache";
import { openSecret } from "@/lib/secrets/keyring";
import { inReadTransaction } from "@/lib/db/read-routing";
import type { Tx } from "@/lib/db/transaction";
import { loadMedications } from "@/lib/medications/queries";
import type { MedicationResponse } from "@/lib/medications/schema";
import type { MedicationStatusEnum } from "@/lib/shared-schema/enums";
import { loadObservationPage } from "@/lib/observations/queries";
import type { ObservationResponse, ObservationSearchCriteria } from "@/lib/observations/schema";
import { readPatientData } from "@/lib/patients/access";
import { loadChartObservations, loadObservationCounts } from "@/lib/patients/chart-data";
import { patientResponseSelect, patientRowsStatement, toPatientResponse, type PatientRow } from "@/lib/patients/dto";
import { loadPatientMessages } from "@/lib/patients/messages";
import type { PatientMessageSummary } from "@/lib/patients/messages-schema";
import type { Page } from "@/lib/patients/page";
import { parseAccessReason } from "@/lib/patients/reason-schema";
import { PatientResponse, type AggregatedPatientData, type PatientSearchCriteria } from "@/lib/patients/schema";
import { runPatientSearch, type PatientIdPage } from "@/lib/patients/search-sql";
import { withheldForRestricted } from "@/lib/patients/withheld";

export { RestrictedRecordError, isRestrictedRecordError } from "@/lib/patients/restricted";
export type { Page } from "@/lib/patients/page";

const CLINICAL_READ: readonly Permission[] = ["patients:read"];
const DEMOGRAPHICS_READ: readonly Permission[] = ["patients:read", "patients:read_demographics"];

function searchSummary(criteria: PatientSearchCriteria) {
  // Which filters were used, never their values (a name or birth date typed into search is PHI).
  return {
    name: criteria.name ? "present" : null,
    firstName: criteria.firstName ? "present" : null,
    lastName: criteria.lastName ? "present" : null,
    mrn: criteria.mrn ? (criteria.mrnPrefix ? "prefix" : "exact") : null,
    // An assigning authority names a facility, not a person.
    mrnAuthority: criteria.mrnAuthority ?? null,
    includeMerged: criteria.includeMerged,
    birthDate: criteria.birthDate ? "present" : null,
    gender: criteria.gender ? "present" : null,
    sourceEmr: criteria.sourceEmr ?? null,
    sort: criteria.sort ?? null,
    dir: criteria.dir,
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

/** The audit row of one search: which filters were used (never their values), how many were listed, their ids. */
export function searchAuditEntry(ctx: AuthContext, criteria: PatientSearchCriteria, found: PatientIdPage, listed: number): AuditEntry {
  return {
    action: "patient.searched",
    actor: ctx.actor,
    request: ctx.request,
    outcome: "success",
    statusCode: 200,
    resourceType: "patient",
    dataCategory: "demographics",
    details: { criteria: searchSummary(criteria), results: listed, total: found.total, resultIds: found.ids },
  };
}

function inOrder(rows: readonly PatientRow[], ids: readonly string[]): PatientResponse[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [withheldForRestricted(toPatientResponse(row))] : [];
  });
}

/**
 * Patient search: typo-tolerant name, any identifier exact (or MRN prefix), birth date, gender, source EMR; sorted
 * and paged; merged records only when asked for (their identifiers find the surviving patient).
 * Restricted patients are listed (flagged `restricted`) with their contact details withheld. Its statements are SQL
 * throughout, so they run in a pg transaction rather than Prisma's (inSqlTransaction says why), on a read replica
 * when one may serve this user (inReadTransaction); the page is returned once its audit row is committed (recordAudit).
 */
export async function searchPatients(ctx: AuthContext, criteria: PatientSearchCriteria): Promise<Page<PatientResponse>> {
  await assertCanAny(ctx, CLINICAL_READ);
  const { found, data } = await inReadTransaction(ctx.actor, async (run) => {
    const found = await runPatientSearch(run, criteria);
    const data = found.ids.length > 0 ? inOrder(await run<PatientRow>(patientRowsStatement(found.ids)), found.ids) : [];
    return { found, data };
  });
  await recordAudit(searchAuditEntry(ctx, criteria, found, data.length));
  return { data, page: criteria.page, pageSize: criteria.pageSize, total: found.total, totalIsEstimate: found.totalIsEstimate };
}

async function loadAggregate(tx: Tx, patientId: string): Promise<AggregatedPatientData> {
  const patient = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: patientResponseSelect });
  const [observations, observationCounts, medications, allergies] = [
    await loadChartObservations(tx, patientId),
    await loadObservationCounts(tx, patientId),
    await loadMedications(tx, patientId),
    await loadAllergies(tx, patientId),
  ];
  return { patient: toPatientResponse(patient), observations, observationCounts, medications, allergies };
}

/** Whether a cached chart or demographics entry has this release's shape (one function each: checked once per entry). */
const isCurrentDemographics = (cached: unknown): boolean => PatientResponse.safeParse(cached).success;
const isCurrentChart = (cached: unknown): boolean => isCurrentDemographics((cached as { patient?: unknown } | null)?.patient);

/**
 * The chart's first screen: demographics, the latest results of every code with a bounded history per code,
 * observation counts, medications, allergies; cached as one entry whose size does not grow with the number of
 * results. Restricted charts need a grant.
 */
export function getPatientChart(ctx: AuthContext, patientId: string): Promise<AggregatedPatientData> {
  return readPatientData(ctx, patientId, {
    permissions: CLINICAL_READ,
    action: "patient.viewed",
    dataCategory: "full_chart",
    cacheKey: cacheKeys.patientAggregate,
    load: loadAggregate,
    acceptsCached: isCurrentChart,
    details: (chart) => ({
      observations: chart.observations.length,
      medications: chart.medications.length,
      allergies: chart.allergies.length,
    }),
  });
}

async function loadDemographics(tx: Tx, patientId: string): Promise<PatientResponse> {
  const row = await tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: patientResponseSelect });
  return toPatientResponse(row);
}

/**
 * Demographics only. Clinicians (patients:read) need a grant for a restricted patient; compliance
 * (patients:read_demographics) reads them for investigations without one, audited like every read.
 */
export function getPatientDemographics(ctx: AuthContext, patientId: string): Promise<PatientResponse> {
  return readPatientData(ctx, patientId, {
    permissions: DEMOGRAPHICS_READ,
    restrictionExempt: ["patients:read_demographics"],
    action: "patient.viewed",
    dataCategory: "demographics",
    cacheKey: cacheKeys.patient,
    load: loadDemographics,
    acceptsCached: isCurrentDemographics,
  });
}

function criteriaSummary(criteria: ObservationSearchCriteria) {
  return {
    code: criteria.code ? "present" : null,
    category: criteria.category ?? null,
    from: criteria.from ? "present" : null,
    to: criteria.to ? "present" : null,
    status: criteria.status ?? null,
    abnormalOnly: criteria.abnormalOnly,
    page: criteria.page,
    pageSize: criteria.pageSize,
  };
}

/**
 * A patient's observations, newest first, filtered and paged by PostgreSQL. Not cached: a page is one index range
 * read, and caching every patient's whole list (or every page) would grow and churn with each result a feed sends.
 */
export function listObservations(ctx: AuthContext, patientId: string, criteria: ObservationSearchCriteria): Promise<Page<ObservationResponse>> {
  return readPatientData(ctx, patientId, {
    permissions: CLINICAL_READ,
    action: "patient.records_listed",
    dataCategory: "results",
    load: (tx, id) => loadObservationPage(tx, id, criteria),
    details: (page) => ({ criteria: criteriaSummary(criteria), results: page.data.length, matched: page.total }),
  });
}

export async function listMedications(
  ctx: AuthContext,
  patientId: string,
  filter: { status?: MedicationStatusEnum } = {},
): Promise<MedicationResponse[]> {
  const keep = (medication: MedicationResponse) => filter.status === undefined || medication.status === filter.status;
  const all = await readPatientData(ctx, patientId, {
    permissions: CLINICAL_READ,
    action: "patient.records_listed",
    dataCategory: "medications",
    cacheKey: cacheKeys.medications,
    load: loadMedications,
    details: (medications) => ({ status: filter.status ?? null, results: medications.filter(keep).length }),
  });
  return all.filter(keep);
}

export function listAllergies(ctx: AuthContext, patientId: string): Promise<AllergyResponse[]> {
  return readPatientData(ctx, patientId, {
    permissions: CLINICAL_READ,
    action: "patient.records_listed",
    dataCategory: "allergies",
    cacheKey: cacheKeys.allergies,
    load: loadAllergies,
    details: (allergies) => ({ results: allergies.length }),
  });
}

/** The latest HL7 messages matched to the patient (summaries, not the raw messages). Not cached. */
export function listPatientMessages(ctx: AuthContext, patientId: string): Promise<PatientMessageSummary[]> {
  return readPatientData(ctx, patientId, {
    permissions: CLINICAL_READ,
    action: "patient.records_listed",
    dataCategory: "messages",
    load: loadPatientMessages,
    details: (messages) => ({ results: messages.length }),
  });
}

function formatSsn(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/**
 * The full SSN (123-45-6789), or null when none is on file, for a stated reason kept in the audit trail.
 * Never cached. Restricted patients need a grant like their chart.
 */
export async function revealSsn(ctx: AuthContext, patientId: string, reason: string): Promise<string | null> {
  await assertCanAny(ctx, ["patients:reveal_ssn"]);
  const statedReason = parseAccessReason(reason);
  return readPatientData(ctx, patientId, {
    permissions: ["patients:reveal_ssn"],
    action: "patient.ssn_revealed",
    dataCategory: "demographics",
    load: async (tx, id) => {
      const row = await tx.patient.findUniqueOrThrow({ where: { id }, select: { ssnEncrypted: true } });
      return row.ssnEncrypted === null ? null : formatSsn(openSecret(row.ssnEncrypted));
    },
    details: (ssn) => ({ reason: statedReason, onFile: ssn !== null }),
  });
}
