-- Typo-tolerant candidates for name search beside the trigram index. A short name shares too few trigrams with a
-- one-letter slip in it to reach the similarity threshold ("Lkuas" and "Lukas": 0.2, under 0.25). So each dictionary
-- name gets its edit keys: the lower-cased name and each of its one-letter deletions. A search word and a name one
-- edit apart always share a key (the "symmetric delete" of SymSpell): a letter swapped (delete one of the two from
-- each), missing (the word is a key of the name), added (the name is a key of the word) or wrong (delete it from
-- both). A GIN index over the keys finds them in a few index probes, however large the dictionary grows.

-- Search computes the same keys for its words with this function, so both sides always agree.
CREATE FUNCTION patient_name_edit_keys(name text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT ARRAY(
    SELECT lower(name)
    UNION
    SELECT overlay(lower(name) PLACING '' FROM position FOR 1) FROM generate_series(1, char_length(name)) AS position
  )
$$;

-- AlterTable
ALTER TABLE "patient_name_words" ADD COLUMN "edit_keys" TEXT[];

-- New names get their keys as they are added (the trigger function of 20261127002339_patient_name_words, plus keys).
CREATE OR REPLACE FUNCTION patient_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "patient_name_words" ("word", "edit_keys")
  SELECT "name", patient_name_edit_keys("name")
  FROM (SELECT "first_name" AS "name" FROM changed_patients UNION SELECT "last_name" FROM changed_patients) AS "names"
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- Backfill (patients written meanwhile wait for this migration's commit: it holds the table's lock).
UPDATE "patient_name_words" SET "edit_keys" = patient_name_edit_keys("word");
ALTER TABLE "patient_name_words" ALTER COLUMN "edit_keys" SET NOT NULL;

-- CreateIndex (after the backfill: built in one pass)
CREATE INDEX "patient_name_words_edit_keys_idx" ON "patient_name_words" USING GIN ("edit_keys");
