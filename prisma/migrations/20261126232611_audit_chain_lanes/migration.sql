-- Parallel hash chains ("lanes") for the audit trail. One chain serialised every audited transaction behind a
-- single lock held until commit, so audited reads ran at the speed of one commit at a time. Sixteen lanes keep
-- each row chained to its predecessor in the same lane (an edit, insertion or deletion still breaks a link)
-- while sixteen transactions can commit at once. Rows already written form lane 0, their chain unchanged.

-- AlterTable
ALTER TABLE "audit_logs" ADD COLUMN     "chain_lane" SMALLINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "audit_logs_chain_lane_id_idx" ON "audit_logs"("chain_lane", "id");

-- The lane follows the database connection, so one connection's rows stay in one lane; the id is drawn under the
-- lane's lock, so id order within a lane is chain order.
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
