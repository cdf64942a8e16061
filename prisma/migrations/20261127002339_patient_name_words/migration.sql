-- A dictionary of the distinct first and last names in patients, for name search. A million patients share a few
-- thousand names, so the GIN trigram posting lists on patients are long; matching a misspelt word against the
-- distinct names, then finding the patients by exact name through B-trees, reads far less.

-- CreateTable
CREATE TABLE "patient_name_words" (
    "word" VARCHAR(100) NOT NULL,

    CONSTRAINT "patient_name_words_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "patients_first_name_idx" ON "patients"("first_name");

-- Kept up to date per statement (transition tables), so a bulk COPY adds its names once per batch, not once per row.
-- Names are never removed: a name no patient has any more matches nothing. Sorted, so that two transactions adding
-- the same new names take their row locks in the same order.
CREATE FUNCTION patient_name_words_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "patient_name_words" ("word")
  SELECT "first_name" FROM changed_patients UNION SELECT "last_name" FROM changed_patients
  ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER patient_name_words_after_insert AFTER INSERT ON "patients"
  REFERENCING NEW TABLE AS changed_patients FOR EACH STATEMENT EXECUTE FUNCTION patient_name_words_add();
-- PostgreSQL allows no column list (UPDATE OF first_name, last_name) on a trigger with a transition table.
CREATE TRIGGER patient_name_words_after_update AFTER UPDATE ON "patients"
  REFERENCING NEW TABLE AS changed_patients FOR EACH STATEMENT EXECUTE FUNCTION patient_name_words_add();

-- Backfill after the triggers: from here on, patients written by others wait for this migration's commit, then
-- fire them. Both columns are NOT NULL.
INSERT INTO "patient_name_words" ("word")
SELECT "first_name" FROM "patients" UNION SELECT "last_name" FROM "patients";

-- CreateIndex (after the backfill: built in one pass, not through the GIN pending list)
CREATE INDEX "patient_name_words_word_trgm_idx" ON "patient_name_words" USING GIN ("word" gin_trgm_ops);
