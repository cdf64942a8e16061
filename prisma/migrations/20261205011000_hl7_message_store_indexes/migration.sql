-- The message store (/hl7) lists messages newest first, by keyset on (created_at, id), under any one of its filters.
-- Each filter gets an index that leads with its column(s) and ends in (created_at, id): an equality filter then reads
-- exactly one page of index entries in order, however many million messages the table holds. The single-column
-- indexes these replace answered the equality but not the order (a sort of every match per page).

DROP INDEX IF EXISTS "hl7_messages_message_type_idx";
DROP INDEX IF EXISTS "hl7_messages_direction_idx";
DROP INDEX IF EXISTS "hl7_messages_status_idx";
DROP INDEX IF EXISTS "hl7_messages_patient_id_idx";

-- No filter, and a date range: the time order itself.
CREATE INDEX "hl7_messages_created_at_id_idx" ON "hl7_messages"("created_at", "id");
-- Type (with or without the event), and the event alone (A01, R01 … across types).
CREATE INDEX "hl7_messages_type_event_created_idx" ON "hl7_messages"("message_type", "trigger_event", "created_at", "id");
CREATE INDEX "hl7_messages_event_created_idx" ON "hl7_messages"("trigger_event", "created_at", "id");
-- Status (the failed ones to reprocess) and direction; also the live counts of the last hour.
CREATE INDEX "hl7_messages_status_created_idx" ON "hl7_messages"("status", "created_at", "id");
CREATE INDEX "hl7_messages_direction_created_idx" ON "hl7_messages"("direction", "created_at", "id");
-- The sender: application (with or without facility), and the facility alone.
CREATE INDEX "hl7_messages_sender_created_idx" ON "hl7_messages"("sending_application", "sending_facility", "created_at", "id");
CREATE INDEX "hl7_messages_facility_created_idx" ON "hl7_messages"("sending_facility", "created_at", "id");
-- A control id from any sender (the dedupe key leads with direction and sender, so it cannot answer this).
CREATE INDEX "hl7_messages_control_id_idx" ON "hl7_messages"("message_control_id");
-- A patient's messages (the MRN filter, resolved to patient ids first).
CREATE INDEX "hl7_messages_patient_created_idx" ON "hl7_messages"("patient_id", "created_at", "id");
