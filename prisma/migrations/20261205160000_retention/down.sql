-- Archived audit rows cannot go back into the chain, and dropping them would lose audit data: refuse instead.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "audit_log_archive") THEN
    RAISE EXCEPTION 'audit_log_archive holds archived audit rows; export them before rolling back retention';
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION audit_logs_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lane SMALLINT := pg_backend_pid() % 16;
BEGIN
  PERFORM pg_advisory_xact_lock(727431002, lane);
  NEW.chain_lane := lane;
  NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
  SELECT hash INTO NEW.prev_hash FROM "audit_logs" WHERE chain_lane = lane ORDER BY id DESC LIMIT 1;
  NEW.hash := audit_log_hash(NEW);
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TABLE "audit_log_archive";
DROP TABLE "audit_checkpoints";
DROP FUNCTION audit_checkpoints_resign_only();

-- Purged messages get an empty raw text back: the column is required again.
UPDATE "hl7_messages" SET "raw_message" = '' WHERE "raw_message" IS NULL;
ALTER TABLE "hl7_messages" DROP COLUMN "raw_purged_at",
ALTER COLUMN "raw_message" SET NOT NULL;
