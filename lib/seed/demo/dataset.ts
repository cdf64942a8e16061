import type { Prisma } from "@/lib/generated/prisma/client";
import type { Keyring } from "@/lib/secrets/keyring";
import { type AllergyRow, buildAllergies } from "@/lib/seed/demo/allergies";
import { buildConnections } from "@/lib/seed/demo/connections";
import { DemoRandom } from "@/lib/seed/demo/context";
import { buildHl7Messages, type HL7MessageRow } from "@/lib/seed/demo/hl7";
import { buildMedications, type MedicationRow } from "@/lib/seed/demo/medications";
import { buildObservations, type ObservationRow } from "@/lib/seed/demo/observations";
import { buildPatient, sourceIdentifier, type DemoPatient, type PatientRow } from "@/lib/seed/demo/patients";
import { SourceIds } from "@/lib/seed/demo/source-ids";
import { buildStaff } from "@/lib/seed/demo/staff";
import { buildUsers } from "@/lib/seed/demo/users";

export interface DemoDataset {
  users: Prisma.UserCreateManyInput[];
  connections: Prisma.EMRConnectionCreateManyInput[];
  patients: PatientRow[];
  /** Identifiers besides the MRN (which the database keeps as an MR identifier by itself): each source's PI. */
  identifiers: Prisma.PatientIdentifierCreateManyInput[];
  observations: ObservationRow[];
  medications: MedicationRow[];
  allergies: AllergyRow[];
  hl7Messages: HL7MessageRow[];
}

export interface DemoDatasetOptions {
  patients: number;
  seed: number;
  keyring: Keyring;
}

/**
 * Builds every demo row in memory. The faker calls happen in one fixed order (users, connections, staff, then
 * patient by patient), which is what makes the output depend on the seed alone; only salted hashes and
 * ciphertexts (random salts and nonces) differ between runs.
 */
export async function buildDemoDataset(options: DemoDatasetOptions): Promise<DemoDataset> {
  const random = new DemoRandom(options.seed);
  const users = await buildUsers(random);
  const { rows: connections, connections: feeds } = buildConnections(random, options.keyring);
  const staff = buildStaff(random);
  const sourceIds = new SourceIds();
  const usedMrns = new Set<number>();
  const dataset: DemoDataset = { users, connections, patients: [], identifiers: [], observations: [], medications: [], allergies: [], hl7Messages: [] };

  for (let i = 0; i < options.patients; i += 1) {
    const patient: DemoPatient = buildPatient({ random, connections: feeds, sourceIds, usedMrns, keyring: options.keyring });
    const clinical = buildObservations(random, patient, staff, sourceIds);
    dataset.patients.push(patient.row);
    const identifier = sourceIdentifier(patient);
    if (identifier) dataset.identifiers.push(identifier);
    dataset.observations.push(...clinical.rows);
    dataset.medications.push(...buildMedications(random, patient, staff, sourceIds));
    dataset.allergies.push(...buildAllergies(random, patient, sourceIds));
    dataset.hl7Messages.push(...buildHl7Messages(random, patient, clinical, staff, sourceIds));
  }
  return dataset;
}
