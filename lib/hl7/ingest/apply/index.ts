import type { SqlRunner } from "@/lib/db/sql-transaction";
import { applyAllergies } from "@/lib/hl7/ingest/apply/allergies";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import { applyPharmacy } from "@/lib/hl7/ingest/apply/medications";
import { mergePatients } from "@/lib/hl7/ingest/apply/merge";
import { applyObservations } from "@/lib/hl7/ingest/apply/observations";
import { applyPatient, type AppliedPatient } from "@/lib/hl7/ingest/apply/patients";
import type { MappedMessage } from "@/lib/hl7/map/message";

export interface AppliedMessage {
  /** Every patient the message touched (a merge's prior patient too), first the one it is filed under. */
  patients: AppliedPatient[];
  changes: RecordChange[];
}

function patientChange(patient: AppliedPatient): RecordChange {
  return { patientId: patient.id, resourceType: "patient", resourceId: patient.id, change: patient.created ? "created" : "updated" };
}

/** A mapped message written into the record, inside the caller's transaction. */
export async function applyMessage(run: SqlRunner, mapped: MappedMessage, source: string): Promise<AppliedMessage> {
  const patients: AppliedPatient[] = [];
  const changes: RecordChange[] = [];
  switch (mapped.family) {
    case "adt": {
      const [{ patient, allergies }] = mapped.patients;
      const applied = await applyPatient(run, patient);
      patients.push(applied);
      changes.push(patientChange(applied));
      // A03 (discharge) changes nothing clinical.
      if (mapped.clinical) changes.push(...(await applyAllergies(run, applied.id, source, allergies)));
      break;
    }
    case "merge": {
      const survivor = await applyPatient(run, mapped.survivor);
      patients.push(survivor);
      changes.push(patientChange(survivor));
      const merged = await mergePatients(run, survivor.id, mapped.prior);
      if (merged.prior) patients.push(merged.prior);
      changes.push(...merged.changes);
      break;
    }
    case "results": {
      for (const group of mapped.patients) {
        const applied = await applyPatient(run, group.patient);
        patients.push(applied);
        if (applied.created) changes.push(patientChange(applied));
        changes.push(...(await applyObservations(run, applied.id, source, group.observations)));
      }
      break;
    }
    case "pharmacy": {
      const [{ patient, changes: orders }] = mapped.patients;
      const applied = await applyPatient(run, patient);
      patients.push(applied);
      if (applied.created) changes.push(patientChange(applied));
      changes.push(...(await applyPharmacy(run, applied.id, source, orders)));
      break;
    }
  }
  return { patients, changes };
}
