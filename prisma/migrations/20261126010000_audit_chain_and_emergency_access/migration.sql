-- Tamper evidence for the audit trail (HIPAA 164.312(b), ONC 170.315(d)(2)): the columns of the hash chain, the
-- request id and ASTM E2147 data category; emergency access ("break the glass") to restricted charts.

-- AlterTable
ALTER TABLE "audit_logs" ADD COLUMN     "data_category" VARCHAR(32),
ADD COLUMN     "hash" VARCHAR(64) NOT NULL DEFAULT '',
ADD COLUMN     "prev_hash" VARCHAR(64),
ADD COLUMN     "request_id" VARCHAR(64);

-- AlterTable
ALTER TABLE "patients" ADD COLUMN     "restricted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "emergency_access_grants" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "emergency_access_grants_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "emergency_access_grants_user_id_patient_id_expires_at_idx" ON "emergency_access_grants"("user_id", "patient_id", "expires_at");

-- CreateIndex
CREATE INDEX "emergency_access_grants_patient_id_idx" ON "emergency_access_grants"("patient_id");

-- CreateIndex
CREATE INDEX "audit_logs_data_category_idx" ON "audit_logs"("data_category");

-- CreateIndex
CREATE INDEX "audit_logs_request_id_idx" ON "audit_logs"("request_id");

-- AddForeignKey
ALTER TABLE "emergency_access_grants" ADD CONSTRAINT "emergency_access_grants_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "emergency_access_grants" ADD CONSTRAINT "emergency_access_grants_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The row's canonical form: a JSON array of every column but the hash itself. jsonb text is deterministic and the
-- timestamp goes in as epoch seconds, so the hash does not depend on the session's TimeZone.
CREATE FUNCTION audit_log_hash(r "audit_logs") RETURNS VARCHAR(64) LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    r.id, r.prev_hash, r.event_type, r.event_category, r.action, r.user_id, r.username, r.user_role,
    r.resource_type, r.resource_id, r.patient_id, r.patient_mrn, r.ip_address, r.user_agent, r.request_method,
    r.request_path, r.status, r.status_code, r.duration_ms, r.details, extract(epoch FROM r.timestamp),
    r.data_category, r.request_id
  )::text, 'UTF8')), 'hex')
$$;

-- Rows written before this migration join the chain in id order.
DO $$
DECLARE
  entry "audit_logs";
  previous VARCHAR(64);
BEGIN
  FOR entry IN SELECT * FROM "audit_logs" ORDER BY id LOOP
    entry.prev_hash := previous;
    entry.hash := audit_log_hash(entry);
    UPDATE "audit_logs" SET prev_hash = entry.prev_hash, hash = entry.hash WHERE id = entry.id;
    previous := entry.hash;
  END LOOP;
END
$$;

-- Inserts are serialised by a transaction-level advisory lock, and the id is drawn under that lock, so id order is
-- chain order even when transactions commit concurrently.
CREATE FUNCTION audit_logs_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727431002);
  NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
  SELECT hash INTO NEW.prev_hash FROM "audit_logs" ORDER BY id DESC LIMIT 1;
  NEW.hash := audit_log_hash(NEW);
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_logs_chain BEFORE INSERT ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION audit_logs_chain();

-- Append-only for every role. Only a superuser can step around it (session_replication_role = replica), which is
-- exactly what the tamper test does and what `audit verify` then detects.
CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON "audit_logs" FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
