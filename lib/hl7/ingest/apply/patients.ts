import { isDeepStrictEqual } from "node:util";
import { openSecret, sealSecret } from "@/lib/secrets/keyring";
import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { Hl7Error, type Hl7ErrorLocation } from "@/lib/hl7/er7/errors";
import type { PatientFromPid, PatientIdentifier } from "@/lib/hl7/map/pid";

/** The patient a message was applied to: its id, the MRN its audit row names, and whether the message created it. */
export interface AppliedPatient {
  id: string;
  mrn: string;
  created: boolean;
}

const PID3 = { segment: "PID", sequence: 1, field: 3 } as const;
// The MRN shown is the MR identifier; senders that leave CX-5 empty or use PI/PT for their record number still
// name one, by type, never by its position in PID-3.
const MRN_TYPES = ["MR", "MRN", "PI", "PT", ""];

/** Identifiers kept in patient_identifiers: an SSN is never stored in clear (it is encrypted on the patient). */
export function storableIdentifiers(identifiers: PatientIdentifier[]): PatientIdentifier[] {
  return identifiers.filter((identifier) => identifier.type !== "SS");
}

function chooseMrn(identifiers: PatientIdentifier[]): PatientIdentifier {
  for (const type of MRN_TYPES) {
    const found = identifiers.find((identifier) => identifier.type === type);
    if (found) return found;
  }
  throw new Hl7Error(101, "PID-3 carries no medical record number (an identifier of type MR)", { location: PID3 });
}

function identifierTuples(identifiers: PatientIdentifier[]): Prisma.Sql {
  return Prisma.join(identifiers.map((identifier) => Prisma.sql`(${identifier.authority}, ${identifier.type}, ${identifier.value})`));
}

interface KnownPatient {
  id: string;
  mrn: string;
  /** The stored row, column name → value as JSON (dates as YYYY-MM-DD), to write only what differs. */
  stored: Record<string, unknown>;
  /** The message's identifiers not yet on the patient. */
  missing: PatientIdentifier[];
}

const identifierKey = (identifier: { authority: string; type: string; value: string }) => `${identifier.authority}\u0000${identifier.type}\u0000${identifier.value}`;

/**
 * The live patient any of these identifiers belongs to (a merged record leads to the one it went into), or null.
 * Identifiers naming two different patients are an error: Meridian never merges patients on its own.
 */
async function findKnownPatient(run: SqlRunner, identifiers: PatientIdentifier[], at: Hl7ErrorLocation): Promise<KnownPatient | null> {
  const keys = storableIdentifiers(identifiers);
  if (keys.length === 0) return null;
  const rows = await run<{ id: string; mrn: string; stored: Record<string, unknown>; authority: string; type: string; value: string }>(Prisma.sql`
    SELECT s.id, s.mrn, to_jsonb(s) AS stored, i.assigning_authority AS authority, i.identifier_type AS type, i.value
    FROM patient_identifiers i
    JOIN patients p ON p.id = i.patient_id
    JOIN patients s ON s.id = COALESCE(p.merged_into_id, p.id)
    WHERE (i.assigning_authority, i.identifier_type, i.value) IN (${identifierTuples(keys)})`);
  const [first] = rows;
  if (!first) return null;
  const patients = new Set(rows.map((row) => row.id));
  if (patients.size > 1) {
    throw new Hl7Error(205, `${at.segment}-${at.field} names identifiers of ${patients.size} different patients; merge them with ADT^A40 first`, { location: at });
  }
  const held = new Set(rows.map(identifierKey));
  return { id: first.id, mrn: first.mrn, stored: first.stored, missing: keys.filter((key) => !held.has(identifierKey(key))) };
}

export async function findPatientByIdentifiers(run: SqlRunner, identifiers: PatientIdentifier[], at: Hl7ErrorLocation = PID3): Promise<string | null> {
  return (await findKnownPatient(run, identifiers, at))?.id ?? null;
}

/** Column → value for every demographic the PID states: absent fields are left out, `""` clears. */
function demographicColumns(patient: PatientFromPid): Map<string, unknown> {
  const columns = new Map<string, unknown>();
  const set = (column: string, value: unknown) => {
    if (value !== undefined) columns.set(column, value);
  };
  if (patient.legalName) {
    columns.set("last_name", patient.legalName.family);
    columns.set("first_name", patient.legalName.given);
    columns.set("middle_name", patient.legalName.middle);
  }
  if (patient.legalName !== undefined || patient.aliases.length > 0) columns.set("aliases", JSON.stringify(patient.aliases));
  if (patient.birthDate) columns.set("birth_date", patient.birthDate);
  set("gender", patient.gender === null ? "unknown" : patient.gender);
  set("race", patient.race);
  set("ethnicity", patient.ethnicity);
  set("phone", patient.phone);
  set("email", patient.email);
  set("preferred_language", patient.language);
  set("marital_status", patient.maritalStatus);
  if (patient.address !== undefined) {
    const address = patient.address;
    columns.set("address_line1", address?.line1 ?? null);
    columns.set("address_line2", address?.line2 ?? null);
    columns.set("city", address?.city ?? null);
    columns.set("state", address?.state ?? null);
    columns.set("postal_code", address?.postalCode ?? null);
    columns.set("country", address?.country ?? null);
  }
  if (patient.ssn !== undefined) {
    const sealed = patient.ssn === null ? null : sealSecret(patient.ssn);
    columns.set("ssn_encrypted", sealed?.ciphertext ?? null);
    columns.set("ssn_key_id", sealed?.keyId ?? null);
    columns.set("ssn_last4", patient.ssn === null ? null : patient.ssn.slice(-4));
  }
  return columns;
}

function valueOf(column: string, value: unknown): Prisma.Sql {
  return column === "aliases" ? Prisma.sql`${value}::jsonb` : Prisma.sql`${value}`;
}

/** Adds the identifiers the patient does not have yet (one already held by another patient is left with it). */
function addIdentifiers(patientId: Prisma.Sql, identifiers: PatientIdentifier[]): Prisma.Sql {
  const keys = storableIdentifiers(identifiers);
  if (keys.length === 0) return Prisma.sql`SELECT 1`;
  return Prisma.sql`
    INSERT INTO patient_identifiers (patient_id, assigning_authority, identifier_type, value)
    SELECT (${patientId}), k.authority, k.type, k.value
    FROM (VALUES ${identifierTuples(keys)}) AS k(authority, type, value)
    ON CONFLICT (assigning_authority, identifier_type, value) DO NOTHING`;
}

function sameSsn(stored: unknown, ssn: string): boolean {
  try {
    return typeof stored === "string" && openSecret(stored) === ssn;
  } catch {
    // No configured key opens the stored value: the message's SSN replaces it.
    return false;
  }
}

/** The columns whose value the message changes (an SSN is compared in plain text: each encryption differs). */
function changedColumns(columns: Map<string, unknown>, patient: PatientFromPid, stored: Record<string, unknown>): Map<string, unknown> {
  const changed = new Map<string, unknown>();
  for (const [column, value] of columns) {
    if (column === "ssn_encrypted" || column === "ssn_key_id" || column === "ssn_last4") continue;
    const same = column === "aliases" ? isDeepStrictEqual(stored.aliases, JSON.parse(String(value))) : (stored[column] ?? null) === (value ?? null);
    if (!same) changed.set(column, value);
  }
  if (patient.ssn !== undefined && !(patient.ssn === null ? stored.ssn_encrypted === null : sameSsn(stored.ssn_encrypted, patient.ssn))) {
    for (const column of ["ssn_encrypted", "ssn_key_id", "ssn_last4"]) changed.set(column, columns.get(column));
  }
  return changed;
}

/**
 * Brings a known patient up to date. Most results and orders repeat what is stored: then nothing is written (a
 * patient row change rewrites its name-search entries and a dozen indexes).
 */
async function updatePatient(run: SqlRunner, known: KnownPatient, patient: PatientFromPid): Promise<AppliedPatient> {
  const columns = changedColumns(demographicColumns(patient), patient, known.stored);
  if (columns.size > 0) {
    const assignments = [...columns].map(([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${valueOf(column, value)}`);
    await run(Prisma.sql`UPDATE patients SET ${Prisma.join([...assignments, Prisma.sql`updated_at = now()`])} WHERE id = ${known.id}::uuid`);
  }
  if (known.missing.length > 0) await run(addIdentifiers(Prisma.sql`${known.id}::uuid`, known.missing));
  return { id: known.id, mrn: known.mrn, created: false };
}

async function createPatient(run: SqlRunner, patient: PatientFromPid): Promise<AppliedPatient> {
  const mrn = chooseMrn(storableIdentifiers(patient.identifiers));
  if (!patient.legalName) throw new Hl7Error(101, "PID-5 (patient name) is required to register a new patient", { location: { segment: "PID", sequence: 1, field: 5 } });
  if (!patient.birthDate) throw new Hl7Error(101, "PID-7 (date of birth) is required to register a new patient", { location: { segment: "PID", sequence: 1, field: 7 } });
  const columns = demographicColumns(patient);
  columns.set("mrn", mrn.value);
  columns.set("mrn_authority", mrn.authority);
  const names = Prisma.join([...columns.keys()].map((column) => Prisma.raw(`"${column}"`)));
  const values = Prisma.join([...columns].map(([column, value]) => valueOf(column, value)));
  const [row] = await run<{ id: string; mrn: string }>(Prisma.sql`
    WITH created AS (
      INSERT INTO patients (${names}, updated_at) VALUES (${values}, now()) RETURNING id, mrn
    ), added AS (${addIdentifiers(Prisma.sql`SELECT id FROM created`, patient.identifiers)})
    SELECT id, mrn FROM created`);
  if (!row) throw new Hl7Error(207, "The patient could not be registered");
  return { id: row.id, mrn: row.mrn, created: true };
}

/**
 * The patient a PID describes, found by any of its identifiers and brought up to date, or registered when none is
 * known (a result or order for a new patient creates it). Two messages registering the same new patient at once:
 * the second meets the first's unique MRN and the whole message is retried, then finds it.
 */
export async function applyPatient(run: SqlRunner, patient: PatientFromPid): Promise<AppliedPatient> {
  const known = await findKnownPatient(run, patient.identifiers, PID3);
  return known ? updatePatient(run, known, patient) : createPatient(run, patient);
}
