-- Undoes 20261204212148_observations_patient_time_index.
DROP INDEX IF EXISTS "observations_patient_id_effective_datetime_id_idx";
