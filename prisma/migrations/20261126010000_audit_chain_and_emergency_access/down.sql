-- Undoes 20261126010000_audit_chain_and_emergency_access. The chain columns go with their data: a rolled-back
-- database no longer claims tamper evidence.
DROP TRIGGER IF EXISTS audit_logs_no_truncate ON "audit_logs";
DROP TRIGGER IF EXISTS audit_logs_no_update_delete ON "audit_logs";
DROP TRIGGER IF EXISTS audit_logs_chain ON "audit_logs";
DROP FUNCTION IF EXISTS audit_logs_append_only();
DROP FUNCTION IF EXISTS audit_logs_chain();
DROP FUNCTION IF EXISTS audit_log_hash("audit_logs");

DROP TABLE IF EXISTS "emergency_access_grants";

DROP INDEX IF EXISTS "audit_logs_data_category_idx";
DROP INDEX IF EXISTS "audit_logs_request_id_idx";
ALTER TABLE "audit_logs" DROP COLUMN "data_category", DROP COLUMN "hash", DROP COLUMN "prev_hash", DROP COLUMN "request_id";
ALTER TABLE "patients" DROP COLUMN "restricted";
