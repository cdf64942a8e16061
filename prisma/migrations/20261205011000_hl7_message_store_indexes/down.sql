-- Undoes 20261205011000_hl7_message_store_indexes: back to the single-column indexes.

DROP INDEX IF EXISTS "hl7_messages_created_at_id_idx";
DROP INDEX IF EXISTS "hl7_messages_type_event_created_idx";
DROP INDEX IF EXISTS "hl7_messages_event_created_idx";
DROP INDEX IF EXISTS "hl7_messages_status_created_idx";
DROP INDEX IF EXISTS "hl7_messages_direction_created_idx";
DROP INDEX IF EXISTS "hl7_messages_sender_created_idx";
DROP INDEX IF EXISTS "hl7_messages_facility_created_idx";
DROP INDEX IF EXISTS "hl7_messages_control_id_idx";
DROP INDEX IF EXISTS "hl7_messages_patient_created_idx";

CREATE INDEX "hl7_messages_message_type_idx" ON "hl7_messages"("message_type");
CREATE INDEX "hl7_messages_direction_idx" ON "hl7_messages"("direction");
CREATE INDEX "hl7_messages_status_idx" ON "hl7_messages"("status");
CREATE INDEX "hl7_messages_patient_id_idx" ON "hl7_messages"("patient_id");
