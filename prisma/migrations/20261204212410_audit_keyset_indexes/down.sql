-- Undoes 20261204212410_audit_keyset_indexes: back to the single-column (and two-column) indexes.

DROP INDEX IF EXISTS "audit_logs_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_event_type_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_action_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_user_id_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_username_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_resource_type_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_resource_id_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_patient_id_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_patient_mrn_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_data_category_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_request_id_timestamp_id_idx";
DROP INDEX IF EXISTS "audit_logs_status_timestamp_id_idx";

CREATE INDEX "audit_logs_event_type_idx" ON "audit_logs"("event_type");
CREATE INDEX "audit_logs_username_idx" ON "audit_logs"("username");
CREATE INDEX "audit_logs_patient_id_idx" ON "audit_logs"("patient_id");
CREATE INDEX "audit_logs_timestamp_idx" ON "audit_logs"("timestamp");
CREATE INDEX "audit_logs_resource_type_resource_id_idx" ON "audit_logs"("resource_type", "resource_id");
CREATE INDEX "audit_logs_patient_id_timestamp_idx" ON "audit_logs"("patient_id", "timestamp");
CREATE INDEX "audit_logs_user_id_timestamp_idx" ON "audit_logs"("user_id", "timestamp");
CREATE INDEX "audit_logs_data_category_idx" ON "audit_logs"("data_category");
CREATE INDEX "audit_logs_request_id_idx" ON "audit_logs"("request_id");
