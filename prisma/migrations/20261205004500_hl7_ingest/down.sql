-- Undoes 20261205004500_hl7_ingest. Identifiers other than each patient's own MRN, aliases, merges and the change
-- log are dropped; two patients with the same MRN from different authorities stop the rollback (unique MRN).
DROP TABLE "hl7_message_changes";
DROP INDEX "hl7_messages_in_reply_to_id_idx";
ALTER TABLE "hl7_messages" DROP CONSTRAINT "hl7_messages_in_reply_to_id_fkey";
ALTER TABLE "hl7_messages" DROP COLUMN "in_reply_to_id", DROP COLUMN "error_location", DROP COLUMN "error_code",
  DROP COLUMN "peer_address", DROP COLUMN "transport";
DROP INDEX "hl7_messages_direction_sending_application_sending_facility_key";
DELETE FROM "hl7_messages" WHERE "message_control_id" IS NULL;
ALTER TABLE "hl7_messages" ALTER COLUMN "message_control_id" SET NOT NULL;
ALTER TABLE "hl7_messages" ALTER COLUMN "message_control_id" TYPE VARCHAR(64) USING left("message_control_id", 64);
ALTER TABLE "hl7_messages" ALTER COLUMN "sending_application" DROP NOT NULL;
ALTER TABLE "hl7_messages" ALTER COLUMN "sending_application" DROP DEFAULT;
CREATE UNIQUE INDEX "hl7_messages_sending_facility_message_control_id_key" ON "hl7_messages"("sending_facility", "message_control_id");

DROP TRIGGER "patients_mrn_identifier" ON "patients";
DROP FUNCTION patient_mrn_identifier();
DROP TABLE "patient_identifiers";
DROP INDEX "patients_merged_into_id_idx";
DROP INDEX "patients_mrn_idx";
DROP INDEX "patients_mrn_authority_mrn_key";
CREATE UNIQUE INDEX "patients_mrn_key" ON "patients"("mrn");
ALTER TABLE "patients" DROP CONSTRAINT "patients_merged_into_id_fkey";
ALTER TABLE "patients" DROP COLUMN "merged_at", DROP COLUMN "merged_into_id", DROP COLUMN "aliases", DROP COLUMN "mrn_authority";
