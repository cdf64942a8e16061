-- A client's own X-Request-Id is kept apart from the request id, which the server now always generates: a client
-- could otherwise tie its rows to someone else's request ("same request" in the audit review).

-- AlterTable
ALTER TABLE "audit_logs" ADD COLUMN "correlation_id" VARCHAR(128);

-- The correlation id joins the hashed form only when present, so every row written before keeps its hash and the
-- chain stays verifiable across this migration.
CREATE OR REPLACE FUNCTION audit_log_hash(r "audit_logs") RETURNS VARCHAR(64) LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to((jsonb_build_array(
    r.id, r.prev_hash, r.event_type, r.event_category, r.action, r.user_id, r.username, r.user_role,
    r.resource_type, r.resource_id, r.patient_id, r.patient_mrn, r.ip_address, r.user_agent, r.request_method,
    r.request_path, r.status, r.status_code, r.duration_ms, r.details, extract(epoch FROM r.timestamp),
    r.data_category, r.request_id
  ) || CASE WHEN r.correlation_id IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(r.correlation_id) END)::text, 'UTF8')), 'hex')
$$;
