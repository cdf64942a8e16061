-- Undoes 20261204211252_patient_name_edit_keys: the name dictionary without edit keys, its trigger function as
-- 20261127002339_patient_name_words wrote it.
DROP INDEX IF EXISTS "patient_name_words_edit_keys_idx";

CREATE OR REPLACE FUNCTION patient_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "patient_name_words" ("word")
  SELECT "first_name" FROM changed_patients UNION SELECT "last_name" FROM changed_patients
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

ALTER TABLE "patient_name_words" DROP COLUMN IF EXISTS "edit_keys";
DROP FUNCTION IF EXISTS patient_name_edit_keys(text);
