import type { SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import type { RecordChange } from "@/lib/hl7/ingest/apply/changes";
import type { ObservationFromObx } from "@/lib/hl7/map/oru";

const LOINC = "http://loinc.org";

function rowOf(patientId: string, source: string, o: ObservationFromObx): Prisma.Sql {
  return Prisma.sql`(${patientId}::uuid, ${o.observationType}::"ObservationType", ${o.code}, ${o.codeSystem ?? LOINC}, ${o.codeDisplay ?? null},
    ${o.valueQuantity ?? null}::float8, ${o.valueString ?? null}, ${o.valueBoolean ?? null}::boolean, ${o.valueCode ?? null}, ${o.unit ?? null},
    ${o.referenceRangeLow ?? null}::float8, ${o.referenceRangeHigh ?? null}::float8, ${o.referenceRangeText ?? null}, ${o.interpretation ?? null},
    ${o.abnormalFlag ?? null}, ${o.status ?? "final"}::"ObservationStatus", ${o.effectiveDatetime}::timestamptz, ${o.issuedDatetime ?? null}::timestamptz,
    ${o.performer ?? null}, ${o.note ?? null}, ${source}, ${o.sourceObservationId ?? null}, now())`;
}

/**
 * The results of one patient group, in one statement. A result keeps its key (order, code and sub-id) through its
 * life: a corrected or final result replaces the preliminary one rather than adding a copy. A key seen twice in
 * one message keeps its last OBX.
 */
export async function applyObservations(run: SqlRunner, patientId: string, source: string, observations: ObservationFromObx[]): Promise<RecordChange[]> {
  if (observations.length === 0) return [];
  const byKey = new Map(observations.map((observation, index) => [observation.sourceObservationId ?? `#${index}`, observation]));
  const rows = await run<{ id: string; created: boolean }>(Prisma.sql`
    INSERT INTO observations (patient_id, observation_type, code, code_system, code_display, value_quantity, value_string,
      value_boolean, value_code, unit, reference_range_low, reference_range_high, reference_range_text, interpretation,
      abnormal_flag, status, effective_datetime, issued_datetime, performer, note, source_emr, source_observation_id, updated_at)
    VALUES ${Prisma.join([...byKey.values()].map((observation) => rowOf(patientId, source, observation)))}
    ON CONFLICT (source_emr, source_observation_id) DO UPDATE SET
      observation_type = EXCLUDED.observation_type, code = EXCLUDED.code, code_system = EXCLUDED.code_system,
      code_display = EXCLUDED.code_display, value_quantity = EXCLUDED.value_quantity, value_string = EXCLUDED.value_string,
      value_boolean = EXCLUDED.value_boolean, value_code = EXCLUDED.value_code, unit = EXCLUDED.unit,
      reference_range_low = EXCLUDED.reference_range_low, reference_range_high = EXCLUDED.reference_range_high,
      reference_range_text = EXCLUDED.reference_range_text, interpretation = EXCLUDED.interpretation,
      abnormal_flag = EXCLUDED.abnormal_flag, status = EXCLUDED.status, effective_datetime = EXCLUDED.effective_datetime,
      issued_datetime = EXCLUDED.issued_datetime, performer = EXCLUDED.performer, note = EXCLUDED.note, updated_at = now()
    WHERE observations.patient_id = EXCLUDED.patient_id
    RETURNING id, (xmax = 0) AS created`);
  if (rows.length < byKey.size) {
    throw new Hl7Error(205, "A result of this order is already recorded for another patient", { location: { segment: "OBR", sequence: 1, field: 3 } });
  }
  return rows.map((row) => ({ patientId, resourceType: "observation", resourceId: row.id, change: row.created ? "created" : "updated" }));
}
