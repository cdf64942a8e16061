-- Name search reads its matches from these indexes alone (index-only scans): each holds both names and the id,
-- so ranking thousands of patients who share a surname no longer reads their rows from the table.

-- DropIndex
DROP INDEX "patients_first_name_idx";

-- DropIndex
DROP INDEX "patients_last_name_first_name_idx";

-- CreateIndex
CREATE INDEX "patients_last_name_first_name_id_idx" ON "patients"("last_name", "first_name", "id");

-- CreateIndex
CREATE INDEX "patients_first_name_last_name_id_idx" ON "patients"("first_name", "last_name", "id");
