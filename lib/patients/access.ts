import "server-only";
import { z } from "zod";
import type { AuditAction, DataCategory } from "@/lib/audit/events";
import { recordAudit, writeAudit, type AuditEntry } from "@/lib/audit/writer";
import { assertCanAny, type AuthContext } from "@/lib/auth/assert";
import type { Permission } from "@/lib/auth/permissions";
import { cache, cacheKeys } from "@/lib/cache";
import { dbPool } from "@/lib/db/client";
import { hotStatement } from "@/lib/db/hot-statement";
import { inTransaction, type Tx } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hasActiveGrant } from "@/lib/patients/emergency-access";
import { RestrictedRecordError } from "@/lib/patients/restricted";

/** The facts every audited access to one patient needs: the id, the MRN for the audit row, the restriction. */
export interface PatientHeader {
  id: string;
  mrn: string;
  restricted: boolean;
}

const patientHeaderSelect = { id: true, mrn: true, restricted: true } as const;

/** audit_logs.resource_id is varchar(128): a longer id from a URL is kept at that length. */
const RESOURCE_ID_LENGTH = 128;

export function patientNotFound(): AppError {
  return new AppError("NOT_FOUND", "No patient with this id.");
}

const PatientId = z.uuid();

/** The id when it is a UUID, else null: a malformed id cannot name a patient. */
function validPatientId(patientId: string): string | null {
  return PatientId.safeParse(patientId).data ?? null;
}

/** A malformed id cannot name a patient, so it is "not found" rather than a validation error. */
export function parsePatientId(patientId: string): string {
  const id = validPatientId(patientId);
  if (id === null) throw patientNotFound();
  return id;
}

export async function findPatientHeader(tx: Tx, patientId: string): Promise<PatientHeader> {
  const header = await tx.patient.findUnique({ where: { id: patientId }, select: patientHeaderSelect });
  if (!header) throw patientNotFound();
  return header;
}

/** The audit row of a lookup that named no patient (unknown or malformed id): a failed access, status 404. */
function notFoundEntry(ctx: AuthContext, patientId: string, attempted: AuditAction, dataCategory: DataCategory): AuditEntry {
  return {
    action: attempted,
    actor: ctx.actor,
    request: ctx.request,
    outcome: "failure",
    statusCode: 404,
    resourceType: "patient",
    resourceId: patientId.slice(0, RESOURCE_ID_LENGTH),
    dataCategory,
    details: { reason: "not_found", malformedId: validPatientId(patientId) === null },
  };
}

/**
 * The patient's header inside the caller's transaction, or null when the id names no patient — then the failed
 * lookup's audit row is already written in that transaction, which must commit (return, not throw) before the
 * caller throws patientNotFound(). Every lookup of patient data leaves a row, found or not.
 */
export async function lookupPatient(
  tx: Tx,
  ctx: AuthContext,
  patientId: string,
  attempted: AuditAction,
  dataCategory: DataCategory,
): Promise<PatientHeader | null> {
  const id = validPatientId(patientId);
  const header = id === null ? null : await tx.patient.findUnique({ where: { id }, select: patientHeaderSelect });
  if (!header) await writeAudit(tx, notFoundEntry(ctx, patientId, attempted, dataCategory));
  return header;
}

export interface PatientRead<T> {
  /** Any one of these allows the read (assertCanAny). */
  permissions: readonly Permission[];
  /** Permissions that see a restricted chart without a grant (compliance reading demographics for an investigation). */
  restrictionExempt?: readonly Permission[];
  action: AuditAction;
  dataCategory: DataCategory;
  /** Cache-aside entry for the value (the spec's key for this data); none for reads that are never cached. */
  cacheKey?: (patientId: string) => string;
  load: (tx: Tx, patientId: string) => Promise<T>;
  /** Whether a cached value has the shape this release reads (one cached before an upgrade may not); else reloaded. */
  acceptsCached?: (cached: unknown) => boolean;
  /** Audit details: ids, counts and criteria summaries, never PHI values. */
  details?: (value: T) => Prisma.InputJsonObject;
}

/** Audits the refused access to a restricted chart (its own transaction) and returns the error to throw. */
async function refuseRestricted(
  ctx: AuthContext,
  patient: PatientHeader,
  attempted: AuditAction,
  dataCategory: DataCategory,
): Promise<RestrictedRecordError> {
  await recordAudit({
    action: "access.denied",
    actor: ctx.actor,
    request: ctx.request,
    outcome: "denied",
    statusCode: 403,
    resourceType: "patient",
    resourceId: patient.id,
    patient: { id: patient.id, mrn: patient.mrn },
    dataCategory,
    details: { reason: "restricted", attempted },
  });
  return new RestrictedRecordError(patient.id);
}

type ReadOutcome<T> = { kind: "read"; patient: PatientHeader; value: T } | { kind: "restricted"; patient: PatientHeader } | { kind: "missing" };

/** The audit row of a successful read. */
function readEntry<T>(ctx: AuthContext, read: PatientRead<T>, patient: PatientHeader, value: T): AuditEntry {
  return {
    action: read.action,
    actor: ctx.actor,
    request: ctx.request,
    outcome: "success",
    statusCode: 200,
    resourceType: "patient",
    resourceId: patient.id,
    patient: { id: patient.id, mrn: patient.mrn },
    dataCategory: read.dataCategory,
    details: { ...read.details?.(value), restricted: patient.restricted },
  };
}

/**
 * The common case on node-postgres alone: an unrestricted (or exempt) patient whose value is cached — the header in
 * one statement and the cache hit, sent together, without Prisma's query engine, whose per-statement CPU doubled the
 * cost of a cached chart read. Anything else (unknown id, restriction, a miss) returns null and takes the full path
 * below.
 */
async function readCachedWithSql<T>(patientId: string, read: PatientRead<T>, cacheKey: (id: string) => string, exempt: boolean): Promise<ReadOutcome<T> | null> {
  const id = validPatientId(patientId);
  if (id === null) return null;
  // The cache GET travels alongside the header statement (one wait instead of two); its value is taken only once
  // the header allows it.
  const takeCached = cache().prefetch<T>(cacheKey(id), read.acceptsCached);
  const { rows } = await dbPool().query<PatientHeader>(
    hotStatement("meridian_patient_header", "SELECT id::text AS id, mrn, restricted FROM patients WHERE id = $1::uuid", [id]),
  );
  const [patient] = rows;
  if (!patient || (patient.restricted && !exempt)) return null;
  const value = await takeCached();
  return value === null ? null : { kind: "read", patient, value };
}

async function readInTransaction<T>(ctx: AuthContext, patientId: string, read: PatientRead<T>, exempt: boolean): Promise<ReadOutcome<T>> {
  const id = validPatientId(patientId);
  if (id === null) return { kind: "missing" };
  return inTransaction(async (tx): Promise<ReadOutcome<T>> => {
    const patient = await tx.patient.findUnique({ where: { id }, select: patientHeaderSelect });
    if (!patient) return { kind: "missing" };
    if (patient.restricted && !exempt && !(await hasActiveGrant(tx, ctx, id))) return { kind: "restricted", patient };
    const key = read.cacheKey?.(id);
    const value = key
      ? await cache().cached(key, cache().defaultTtlSeconds, () => read.load(tx, id), read.acceptsCached)
      : await read.load(tx, id);
    return { kind: "read", patient, value };
  });
}

/**
 * The one path for reading a patient's data: permission check, lookup (an unknown id is audited as a failed read
 * and thrown as NOT_FOUND), restriction check (before any cached value is served), cache-aside load, then one audit
 * row — written on a cache hit too, since a cached read is still an access. The value is returned only once that
 * row is committed (recordAudit's group commit): a read whose row cannot be written fails and returns nothing. A
 * refused restricted read is audited as a denial and throws RestrictedRecordError.
 */
export async function readPatientData<T>(ctx: AuthContext, patientId: string, read: PatientRead<T>): Promise<T> {
  const granted = await assertCanAny(ctx, read.permissions);
  const exempt = read.restrictionExempt?.includes(granted) ?? false;
  const cached = read.cacheKey ? await readCachedWithSql(patientId, read, read.cacheKey, exempt) : null;
  const outcome = cached ?? (await readInTransaction(ctx, patientId, read, exempt));
  if (outcome.kind === "read") {
    await recordAudit(readEntry(ctx, read, outcome.patient, outcome.value));
    return outcome.value;
  }
  if (outcome.kind === "missing") {
    await recordAudit(notFoundEntry(ctx, patientId, read.action, read.dataCategory));
    throw patientNotFound();
  }
  throw await refuseRestricted(ctx, outcome.patient, read.action, read.dataCategory);
}

/**
 * Every key the reads above may fill for one patient: demographics, the chart's first screen, medications and
 * allergies. Observations are never cached as a list (they are paged from PostgreSQL), so a busy result feed
 * evicts these four keys per write, whatever the number of results.
 */
export function patientCacheKeys(patientId: string): string[] {
  return [cacheKeys.patient(patientId), cacheKeys.patientAggregate(patientId), cacheKeys.medications(patientId), cacheKeys.allergies(patientId)];
}

/**
 * What every write to a patient's data calls after its commit. The keys are listed rather than matched with
 * patientPattern(): one DEL instead of a SCAN over the whole keyspace on every write.
 */
export async function invalidatePatient(patientId: string): Promise<void> {
  await cache().delete(patientCacheKeys(patientId));
}

/**
 * For writes: the patient's header once the caller may touch this chart (a restricted one needs a grant). An
 * unknown id is audited as a failed attempt and thrown as NOT_FOUND; a refusal is audited as a denial and thrown
 * as RestrictedRecordError, before any write transaction starts.
 */
export async function openChartForWrite(
  ctx: AuthContext,
  patientId: string,
  attempted: AuditAction,
  dataCategory: DataCategory,
): Promise<PatientHeader> {
  const check = await inTransaction(async (tx) => {
    const patient = await lookupPatient(tx, ctx, patientId, attempted, dataCategory);
    const allowed = patient !== null && (!patient.restricted || (await hasActiveGrant(tx, ctx, patient.id)));
    return { patient, allowed };
  });
  if (!check.patient) throw patientNotFound();
  if (check.allowed) return check.patient;
  throw await refuseRestricted(ctx, check.patient, attempted, dataCategory);
}
