-- Undoes 20261126232611_audit_chain_lanes: back to one chain. Rows written in lanes are re-linked into a single
-- chain in id order (the append-only trigger is lifted for this one statement sequence by the migration owner).
CREATE OR REPLACE FUNCTION audit_logs_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(727431002);
  NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
  SELECT hash INTO NEW.prev_hash FROM "audit_logs" ORDER BY id DESC LIMIT 1;
  NEW.hash := audit_log_hash(NEW);
  RETURN NEW;
END
$$;

ALTER TABLE "audit_logs" DISABLE TRIGGER audit_logs_no_update_delete;
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
ALTER TABLE "audit_logs" ENABLE TRIGGER audit_logs_no_update_delete;

DROP INDEX IF EXISTS "audit_logs_chain_lane_id_idx";
ALTER TABLE "audit_logs" DROP COLUMN "chain_lane";
