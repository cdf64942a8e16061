-- Undoes 20261204210649_audit_correlation_id. Rows that carried a correlation id were hashed with it, so without the
-- column their hashes change: every lane is re-linked in id order (the append-only trigger is lifted for it).
CREATE OR REPLACE FUNCTION audit_log_hash(r "audit_logs") RETURNS VARCHAR(64) LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    r.id, r.prev_hash, r.event_type, r.event_category, r.action, r.user_id, r.username, r.user_role,
    r.resource_type, r.resource_id, r.patient_id, r.patient_mrn, r.ip_address, r.user_agent, r.request_method,
    r.request_path, r.status, r.status_code, r.duration_ms, r.details, extract(epoch FROM r.timestamp),
    r.data_category, r.request_id
  )::text, 'UTF8')), 'hex')
$$;

ALTER TABLE "audit_logs" DROP COLUMN "correlation_id";

ALTER TABLE "audit_logs" DISABLE TRIGGER audit_logs_no_update_delete;
DO $$
DECLARE
  entry "audit_logs";
  stored "audit_logs";
  previous VARCHAR(64);
  lane SMALLINT;
BEGIN
  FOR stored IN SELECT * FROM "audit_logs" ORDER BY chain_lane, id LOOP
    IF lane IS DISTINCT FROM stored.chain_lane THEN
      previous := NULL;
      lane := stored.chain_lane;
    END IF;
    entry := stored;
    entry.prev_hash := previous;
    entry.hash := audit_log_hash(entry);
    IF entry.hash <> stored.hash OR entry.prev_hash IS DISTINCT FROM stored.prev_hash THEN
      UPDATE "audit_logs" SET prev_hash = entry.prev_hash, hash = entry.hash WHERE id = entry.id;
    END IF;
    previous := entry.hash;
  END LOOP;
END
$$;
ALTER TABLE "audit_logs" ENABLE TRIGGER audit_logs_no_update_delete;
