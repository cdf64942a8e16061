-- Undoes 20261127033207_patient_name_covering_indexes: back to the name B-trees without the id.
DROP INDEX IF EXISTS "patients_first_name_last_name_id_idx";
DROP INDEX IF EXISTS "patients_last_name_first_name_id_idx";
CREATE INDEX "patients_last_name_first_name_idx" ON "patients"("last_name", "first_name");
CREATE INDEX "patients_first_name_idx" ON "patients"("first_name");
