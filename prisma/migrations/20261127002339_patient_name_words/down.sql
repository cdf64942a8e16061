-- Undoes 20261127002339_patient_name_words: drops the name dictionary, its triggers and the first-name B-tree.
DROP TRIGGER IF EXISTS patient_name_words_after_update ON "patients";
DROP TRIGGER IF EXISTS patient_name_words_after_insert ON "patients";
DROP FUNCTION IF EXISTS patient_name_words_add();
DROP TABLE IF EXISTS "patient_name_words";
DROP INDEX IF EXISTS "patients_first_name_idx";
