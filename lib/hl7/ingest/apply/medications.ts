import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import type { MedicationFromOrder, PharmacyChange } from "@/lib/hl7/map/pharmacy";

/** One order's medication, keyed by its order number: a new order adds it, a later message for the order updates it. */
async function upsertMedication(run: SqlRunner, patientId: string, source: string, m: MedicationFromOrder): Promise<RecordChange> {
  // An order control that says nothing about the status (e.g. SC) leaves a known medication's status alone.
  const status = m.status ?? null;
  const [row] = await run<{ id: string; created: boolean }>(Prisma.sql`
    INSERT INTO medications (patient_id, medication_name, generic_name, medication_code, code_system, strength, dose, dose_unit,
      route, frequency, instructions, status, prescriber_name, prescriber_id, start_date, end_date, source_emr,
      source_medication_id, updated_at)
    VALUES (${patientId}::uuid, ${m.medicationName}, ${m.genericName ?? null}, ${m.medicationCode ?? null}, ${m.codeSystem ?? null},
      ${m.strength ?? null}, ${m.dose ?? null}::float8, ${m.doseUnit ?? null}, ${m.route ?? null}, ${m.frequency ?? null},
      ${m.instructions ?? null}, COALESCE(${status}::"MedicationStatus", 'active'), ${m.prescriberName ?? null},
      ${m.prescriberId ?? null}, ${m.startDate ?? null}::date, ${m.endDate ?? null}::date, ${source}, ${m.sourceMedicationId ?? null}, now())
    ON CONFLICT (source_emr, source_medication_id) DO UPDATE SET
      medication_name = EXCLUDED.medication_name, generic_name = EXCLUDED.generic_name,
      medication_code = EXCLUDED.medication_code, code_system = EXCLUDED.code_system, strength = EXCLUDED.strength,
      dose = EXCLUDED.dose, dose_unit = EXCLUDED.dose_unit, route = EXCLUDED.route, frequency = EXCLUDED.frequency,
      instructions = EXCLUDED.instructions, status = COALESCE(${status}::"MedicationStatus", medications.status),
      prescriber_name = EXCLUDED.prescriber_name, prescriber_id = EXCLUDED.prescriber_id,
      start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, updated_at = now()
    WHERE medications.patient_id = EXCLUDED.patient_id
    RETURNING id, (xmax = 0) AS created`);
  if (!row) throw new Hl7Error(205, "This order is already recorded for another patient", { location: { segment: "ORC", sequence: 1, field: 2 } });
  return { patientId, resourceType: "medication", resourceId: row.id, change: row.created ? "created" : "updated" };
}

/** DC/OD (stopped) or CA/OC (cancelled): that order's medication ends, and nothing else changes. */
async function stopMedication(run: SqlRunner, patientId: string, source: string, change: Extract<PharmacyChange, { kind: "stop" }>): Promise<RecordChange> {
  const [row] = await run<{ id: string }>(Prisma.sql`
    UPDATE medications SET status = ${change.status}::"MedicationStatus", end_date = COALESCE(${change.endDate}::date, end_date, CURRENT_DATE), updated_at = now()
    WHERE patient_id = ${patientId}::uuid AND source_emr = ${source} AND source_medication_id = ${change.sourceMedicationId}
    RETURNING id`);
  if (!row) throw new Hl7Error(204, "The order to stop (ORC-2/ORC-3) is not known for this patient", { location: { segment: "ORC", sequence: 1, field: 2 } });
  return { patientId, resourceType: "medication", resourceId: row.id, change: "stopped" };
}

export async function applyPharmacy(run: SqlRunner, patientId: string, source: string, changes: PharmacyChange[]): Promise<RecordChange[]> {
  const applied: RecordChange[] = [];
  for (const change of changes) {
    applied.push(change.kind === "stop" ? await stopMedication(run, patientId, source, change) : await upsertMedication(run, patientId, source, change.medication));
  }
  return applied;
}
