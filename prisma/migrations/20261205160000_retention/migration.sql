-- Data retention (lib/retention): raw HL7 text is purged after its period while the message row, its metadata and
-- the records it produced stay; audit rows past their period move to an archive under signed checkpoints, so the
-- hash chain stays verifiable (lib/audit/archive.ts, lib/audit/checkpoints.ts).

-- AlterTable
ALTER TABLE "hl7_messages" ALTER COLUMN "raw_message" DROP NOT NULL,
ADD COLUMN "raw_purged_at" TIMESTAMPTZ(3);

-- One row per archived range of one chain lane: the ids it covers, the hash the range started from (its first row's
-- prev_hash) and the hash the lane's remaining chain continues from (its last row's), signed with HMAC-SHA256 under
-- a key derived from ENCRYPTION_KEYS (key_id names which), so a forged or edited checkpoint fails `audit verify`.
-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "chain_lane" SMALLINT NOT NULL,
    "first_id" BIGINT NOT NULL,
    "last_id" BIGINT NOT NULL,
    "first_prev_hash" VARCHAR(64),
    "last_hash" VARCHAR(64) NOT NULL,
    "row_count" INTEGER NOT NULL,
    "key_id" VARCHAR(32) NOT NULL,
    "signature" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_checkpoints_chain_lane_last_id_idx" ON "audit_checkpoints"("chain_lane", "last_id");

-- The audit rows moved out of audit_logs, unchanged (hash and prev_hash included), with the checkpoint that covers them.
-- CreateTable
CREATE TABLE "audit_log_archive" (
    "id" BIGINT NOT NULL,
    "event_type" VARCHAR(64) NOT NULL,
    "event_category" VARCHAR(64),
    "action" VARCHAR(128) NOT NULL,
    "user_id" VARCHAR(64),
    "username" VARCHAR(255),
    "user_role" VARCHAR(32),
    "resource_type" VARCHAR(64),
    "resource_id" VARCHAR(128),
    "patient_id" UUID,
    "patient_mrn" VARCHAR(64),
    "ip_address" VARCHAR(64),
    "user_agent" VARCHAR(512),
    "request_method" VARCHAR(16),
    "request_path" VARCHAR(1024),
    "status" VARCHAR(16) NOT NULL,
    "status_code" INTEGER,
    "duration_ms" INTEGER,
    "details" JSONB,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "data_category" VARCHAR(32),
    "hash" VARCHAR(64) NOT NULL,
    "prev_hash" VARCHAR(64),
    "request_id" VARCHAR(64),
    "chain_lane" SMALLINT NOT NULL,
    "correlation_id" VARCHAR(128),
    "tx_id" BIGINT NOT NULL,
    "checkpoint_id" BIGINT NOT NULL,
    "archived_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_archive_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_archive_checkpoint_id_id_idx" ON "audit_log_archive"("checkpoint_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_archive_patient_id_timestamp_idx" ON "audit_log_archive"("patient_id", "timestamp");

-- AddForeignKey
ALTER TABLE "audit_log_archive" ADD CONSTRAINT "audit_log_archive_checkpoint_id_fkey" FOREIGN KEY ("checkpoint_id") REFERENCES "audit_checkpoints"("id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- Still append-only, with one sanctioned exception: the retention job may delete an audit row once an identical
-- copy (same hash) sits in the archive under a checkpoint of the row's lane that covers its id, and only inside a
-- transaction that declared itself (SET LOCAL meridian.audit_archive = 'on'). The archive and the checkpoints are
-- append-only, except that a checkpoint may be re-signed.
CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_logs' AND current_setting('meridian.audit_archive', true) = 'on' THEN
    IF EXISTS (
      SELECT 1 FROM "audit_log_archive" a JOIN "audit_checkpoints" c ON c.id = a.checkpoint_id
      WHERE a.id = OLD.id AND a.hash = OLD.hash AND c.chain_lane = OLD.chain_lane AND OLD.id BETWEEN c.first_id AND c.last_id
    ) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_archive_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log_archive" FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_log_archive_no_truncate BEFORE TRUNCATE ON "audit_log_archive" FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();

-- `keys rotate` re-signs checkpoints with the newest key (lib/audit/checkpoint-rotation.ts): only key_id and signature
-- may change, and a signature written without the key fails `audit verify` as a forged one would.
CREATE FUNCTION audit_checkpoints_resign_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.chain_lane, NEW.first_id, NEW.last_id, NEW.first_prev_hash, NEW.last_hash, NEW.row_count, NEW.created_at)
     IS NOT DISTINCT FROM (OLD.id, OLD.chain_lane, OLD.first_id, OLD.last_id, OLD.first_prev_hash, OLD.last_hash, OLD.row_count, OLD.created_at) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_checkpoints: only key_id and signature may change' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_checkpoints_resign_only BEFORE UPDATE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_resign_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();

-- A lane whose rows were all archived continues from its latest checkpoint's hash, not from nothing.
CREATE OR REPLACE FUNCTION audit_logs_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lane SMALLINT := pg_backend_pid() % 16;
BEGIN
  PERFORM pg_advisory_xact_lock(727431002, lane);
  NEW.chain_lane := lane;
  NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
  SELECT hash INTO NEW.prev_hash FROM "audit_logs" WHERE chain_lane = lane ORDER BY id DESC LIMIT 1;
  IF NOT FOUND THEN
    SELECT last_hash INTO NEW.prev_hash FROM "audit_checkpoints" WHERE chain_lane = lane ORDER BY last_id DESC LIMIT 1;
  END IF;
  NEW.hash := audit_log_hash(NEW);
  RETURN NEW;
END
$$;
