import "server-only";
import { db } from "@/lib/db/client";

export interface RecordCounts {
  patients: number;
  observations: number;
  medications: number;
  allergies: number;
  hl7Messages: number;
  emrConnections: number;
  users: number;
}

/** Exact row counts of the main tables, for the home page. Counts run in parallel on the pool. */
export async function recordCounts(): Promise<RecordCounts> {
  const prisma = db();
  const [patients, observations, medications, allergies, hl7Messages, emrConnections, users] = await Promise.all([
    prisma.patient.count(),
    prisma.observation.count(),
    prisma.medication.count(),
    prisma.allergy.count(),
    prisma.hL7Message.count(),
    prisma.eMRConnection.count(),
    prisma.user.count(),
  ]);
  return { patients, observations, medications, allergies, hl7Messages, emrConnections, users };
}
