-- HL7 v2 ingest: patient identity across sources, merges, the message store's dedupe key, and which records each
-- message changed.

-- Patient identifiers are (value, assigning authority, type). A hub receives the same MRN numbers from different
-- facilities, so an MRN is unique only within its assigning authority.
ALTER TABLE "patients" ADD COLUMN "mrn_authority" VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE "patients" ADD COLUMN "aliases" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "patients" ADD COLUMN "merged_into_id" UUID;
ALTER TABLE "patients" ADD COLUMN "merged_at" TIMESTAMPTZ(3);
ALTER TABLE "patients" ADD CONSTRAINT "patients_merged_into_id_fkey" FOREIGN KEY ("merged_into_id") REFERENCES "patients"("id") ON DELETE SET NULL ON UPDATE CASCADE;
DROP INDEX "patients_mrn_key";
CREATE UNIQUE INDEX "patients_mrn_authority_mrn_key" ON "patients"("mrn_authority", "mrn");
CREATE INDEX "patients_mrn_idx" ON "patients"("mrn");
CREATE INDEX "patients_merged_into_id_idx" ON "patients"("merged_into_id");

CREATE TABLE "patient_identifiers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patient_id" UUID NOT NULL,
    "value" VARCHAR(128) NOT NULL,
    "assigning_authority" VARCHAR(64) NOT NULL DEFAULT '',
    "identifier_type" VARCHAR(8) NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "patient_identifiers_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "patient_identifiers_authority_type_value_key" ON "patient_identifiers"("assigning_authority", "identifier_type", "value");
CREATE INDEX "patient_identifiers_value_idx" ON "patient_identifiers"("value");
CREATE INDEX "patient_identifiers_patient_id_idx" ON "patient_identifiers"("patient_id");
ALTER TABLE "patient_identifiers" ADD CONSTRAINT "patient_identifiers_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "patient_identifiers" ("patient_id", "value", "assigning_authority", "identifier_type")
SELECT "id", "mrn", "mrn_authority", 'MR' FROM "patients";

-- The MRN a patient shows is always one of its MR identifiers, whichever path wrote it (API, form, HL7, seed).
-- Another patient holding the same MR identifier is a unique violation, as a duplicate MRN always was.
CREATE FUNCTION patient_mrn_identifier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  holder UUID;
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.mrn, OLD.mrn_authority) IS NOT DISTINCT FROM (NEW.mrn, NEW.mrn_authority) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM "patient_identifiers"
     WHERE patient_id = NEW.id AND identifier_type = 'MR' AND value = OLD.mrn AND assigning_authority = OLD.mrn_authority;
  END IF;
  INSERT INTO "patient_identifiers" ("patient_id", "value", "assigning_authority", "identifier_type")
  VALUES (NEW.id, NEW.mrn, NEW.mrn_authority, 'MR')
  ON CONFLICT ("assigning_authority", "identifier_type", "value") DO NOTHING;
  SELECT patient_id INTO holder FROM "patient_identifiers"
   WHERE assigning_authority = NEW.mrn_authority AND identifier_type = 'MR' AND value = NEW.mrn;
  IF holder IS DISTINCT FROM NEW.id THEN
    RAISE EXCEPTION 'MR identifier % (%) belongs to another patient', NEW.mrn, NEW.mrn_authority
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'patients_mrn_authority_mrn_key';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "patients_mrn_identifier" AFTER INSERT OR UPDATE OF "mrn", "mrn_authority" ON "patients"
  FOR EACH ROW EXECUTE FUNCTION patient_mrn_identifier();

-- The dedupe key of inbound messages: the same sending application + facility + control id is applied once.
-- A message without a control id (not HL7 at all, or MSH-10 left empty) has NULL, which never collides.
UPDATE "hl7_messages" SET "sending_application" = '' WHERE "sending_application" IS NULL;
ALTER TABLE "hl7_messages" ALTER COLUMN "sending_application" SET DEFAULT '';
ALTER TABLE "hl7_messages" ALTER COLUMN "sending_application" SET NOT NULL;
ALTER TABLE "hl7_messages" ALTER COLUMN "message_control_id" DROP NOT NULL;
-- MSH-10 is an ST of up to 199 characters from v2.5 on: a longer id cut to 64 could collide with another.
ALTER TABLE "hl7_messages" ALTER COLUMN "message_control_id" TYPE VARCHAR(199);
DROP INDEX "hl7_messages_sending_facility_message_control_id_key";
CREATE UNIQUE INDEX "hl7_messages_direction_sending_application_sending_facility_key" ON "hl7_messages"("direction", "sending_application", "sending_facility", "message_control_id");
ALTER TABLE "hl7_messages" ADD COLUMN "transport" VARCHAR(8);
ALTER TABLE "hl7_messages" ADD COLUMN "peer_address" VARCHAR(64);
ALTER TABLE "hl7_messages" ADD COLUMN "error_code" INTEGER;
ALTER TABLE "hl7_messages" ADD COLUMN "error_location" VARCHAR(32);
ALTER TABLE "hl7_messages" ADD COLUMN "in_reply_to_id" UUID;
ALTER TABLE "hl7_messages" ADD CONSTRAINT "hl7_messages_in_reply_to_id_fkey" FOREIGN KEY ("in_reply_to_id") REFERENCES "hl7_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "hl7_messages_in_reply_to_id_idx" ON "hl7_messages"("in_reply_to_id");

-- Which records each message created or changed (and, from a record, which messages did).
CREATE TABLE "hl7_message_changes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_id" UUID NOT NULL,
    "patient_id" UUID NOT NULL,
    "resource_type" VARCHAR(16) NOT NULL,
    "resource_id" UUID NOT NULL,
    "change" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "hl7_message_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "hl7_message_changes_message_id_idx" ON "hl7_message_changes"("message_id");
CREATE INDEX "hl7_message_changes_resource_type_resource_id_idx" ON "hl7_message_changes"("resource_type", "resource_id");
ALTER TABLE "hl7_message_changes" ADD CONSTRAINT "hl7_message_changes_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "hl7_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
