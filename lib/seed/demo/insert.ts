import type { Prisma } from "@/lib/generated/prisma/client";
import type { DemoDataset } from "@/lib/seed/demo/dataset";

// The few client methods the seed uses. Structural, so both the app's client (with its global omits) and a plain
// PrismaClient on another database (as the determinism test uses) fit.
interface CreateMany<T> {
  createMany(args: { data: T[] }): Promise<Prisma.BatchPayload>;
}

export interface SeedTransaction {
  user: CreateMany<Prisma.UserCreateManyInput>;
  eMRConnection: CreateMany<Prisma.EMRConnectionCreateManyInput>;
  patient: CreateMany<Prisma.PatientCreateManyInput>;
  patientIdentifier: CreateMany<Prisma.PatientIdentifierCreateManyInput>;
  observation: CreateMany<Prisma.ObservationCreateManyInput>;
  medication: CreateMany<Prisma.MedicationCreateManyInput>;
  allergy: CreateMany<Prisma.AllergyCreateManyInput>;
  hL7Message: CreateMany<Prisma.HL7MessageCreateManyInput>;
}

export interface SeedClient {
  user: { count(): Promise<number> };
  $transaction<R>(work: (tx: SeedTransaction) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

/** Rows per INSERT: large enough to be fast, small enough to stay far below PostgreSQL's 65,535 bind parameters. */
const BATCH = 1_000;

async function inBatches<T>(model: CreateMany<T>, rows: T[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await model.createMany({ data: rows.slice(start, start + BATCH) });
  }
}

/** Inserts the whole dataset in one transaction, so a failed seed leaves nothing behind and can simply be re-run. */
export function insertDataset(client: SeedClient, data: DemoDataset): Promise<void> {
  return client.$transaction(
    async (tx) => {
      // Users first: a concurrent seed then fails at once on the unique e-mail instead of after all the other rows.
      await inBatches(tx.user, data.users);
      await inBatches(tx.eMRConnection, data.connections);
      await inBatches(tx.patient, data.patients);
      await inBatches(tx.patientIdentifier, data.identifiers);
      await inBatches(tx.observation, data.observations);
      await inBatches(tx.medication, data.medications);
      await inBatches(tx.allergy, data.allergies);
      await inBatches(tx.hL7Message, data.hl7Messages);
    },
    { maxWait: 10_000, timeout: 300_000 },
  );
}
