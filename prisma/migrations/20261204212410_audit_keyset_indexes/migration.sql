-- Keyset pagination for the audit log. Every filter of the log (and every indexed sort) reads its matches from one
-- index on (column, timestamp, id): equality on the column, then newest first, with the page boundary as a row
-- comparison the index starts at. An audit page then costs the same on the first page and the ten-thousandth,
-- with any filter, on a trail of any size; the former single-column indexes needed a sort of every match (and
-- OFFSET read every row before the page). These replace them: each new index covers the old one's lookups.
--
-- On a large existing trail, CREATE INDEX blocks audit writes while it builds. Build the indexes beforehand with
-- CREATE INDEX CONCURRENTLY under the same names (the statements below then skip them), e.g.
--   CREATE INDEX CONCURRENTLY "audit_logs_action_timestamp_id_idx" ON "audit_logs"("action", "timestamp", "id");

-- DropIndex
DROP INDEX IF EXISTS "audit_logs_event_type_idx";
DROP INDEX IF EXISTS "audit_logs_username_idx";
DROP INDEX IF EXISTS "audit_logs_patient_id_idx";
DROP INDEX IF EXISTS "audit_logs_timestamp_idx";
DROP INDEX IF EXISTS "audit_logs_resource_type_resource_id_idx";
DROP INDEX IF EXISTS "audit_logs_patient_id_timestamp_idx";
DROP INDEX IF EXISTS "audit_logs_user_id_timestamp_idx";
DROP INDEX IF EXISTS "audit_logs_data_category_idx";
DROP INDEX IF EXISTS "audit_logs_request_id_idx";

-- CreateIndex
CREATE INDEX IF NOT EXISTS "audit_logs_timestamp_id_idx" ON "audit_logs"("timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_event_type_timestamp_id_idx" ON "audit_logs"("event_type", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_action_timestamp_id_idx" ON "audit_logs"("action", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_user_id_timestamp_id_idx" ON "audit_logs"("user_id", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_username_timestamp_id_idx" ON "audit_logs"("username", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_resource_type_timestamp_id_idx" ON "audit_logs"("resource_type", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_resource_id_timestamp_id_idx" ON "audit_logs"("resource_id", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_patient_id_timestamp_id_idx" ON "audit_logs"("patient_id", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_patient_mrn_timestamp_id_idx" ON "audit_logs"("patient_mrn", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_data_category_timestamp_id_idx" ON "audit_logs"("data_category", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_request_id_timestamp_id_idx" ON "audit_logs"("request_id", "timestamp", "id");
CREATE INDEX IF NOT EXISTS "audit_logs_status_timestamp_id_idx" ON "audit_logs"("status", "timestamp", "id");
