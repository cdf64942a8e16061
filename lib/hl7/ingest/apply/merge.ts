import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import { findPatientByIdentifiers, type AppliedPatient } from "@/lib/hl7/ingest/apply/patients";
import type { PatientIdentifier } from "@/lib/hl7/map/pid";

const MRG1 = { segment: "MRG", sequence: 1, field: 1 } as const;

/**
 * ADT^A40: the prior patient (MRG-1) goes into the surviving one. Its results, medications, allergies, messages and
 * identifiers move; the prior record stays, marked with the patient it went into, so its old MRN still leads there.
 */
export async function mergePatients(run: SqlRunner, survivorId: string, prior: PatientIdentifier[]): Promise<{ prior: AppliedPatient | null; changes: RecordChange[] }> {
  const priorId = await findPatientByIdentifiers(run, prior, MRG1);
  if (!priorId) throw new Hl7Error(204, "MRG-1 names no patient Meridian knows", { location: MRG1 });
  if (priorId === survivorId) return { prior: null, changes: [] };
  const moved = Prisma.sql`patient_id = ${survivorId}::uuid WHERE patient_id = ${priorId}::uuid`;
  const [row] = await run<{ mrn: string }>(Prisma.sql`
    WITH observations AS (UPDATE observations SET ${moved}),
         medications AS (UPDATE medications SET ${moved}),
         allergies AS (UPDATE allergies SET ${moved}),
         messages AS (UPDATE hl7_messages SET ${moved}),
         identifiers AS (UPDATE patient_identifiers SET ${moved}),
         earlier AS (UPDATE patients SET merged_into_id = ${survivorId}::uuid, updated_at = now() WHERE merged_into_id = ${priorId}::uuid)
    UPDATE patients SET merged_into_id = ${survivorId}::uuid, merged_at = now(), updated_at = now() WHERE id = ${priorId}::uuid
    RETURNING mrn`);
  return {
    prior: { id: priorId, mrn: row?.mrn ?? "", created: false },
    changes: [{ patientId: priorId, resourceType: "patient", resourceId: priorId, change: "merged" }],
  };
}
