-- Undoes 20261205050000_connections_operations. The endpoint settings of inbound feeds go back to config.hl7.

DROP INDEX IF EXISTS "hl7_messages_connection_created_idx";
CREATE INDEX "hl7_messages_connection_id_idx" ON "hl7_messages"("connection_id");
DROP TABLE IF EXISTS "worker_heartbeats";
DROP TABLE IF EXISTS "system_statistics_samples";
DROP TABLE IF EXISTS "connection_statistics";
DROP TABLE IF EXISTS "connection_tests";
ALTER TABLE "patients" DROP COLUMN IF EXISTS "ssn_key_id";
UPDATE "emr_connections" SET "config" = "config" || jsonb_build_object('hl7', jsonb_build_object(
    'sendingApplication', "endpoint"->>'sendingApplication', 'sendingFacility', COALESCE("endpoint"->>'sendingFacility', '')))
WHERE "endpoint_kind" = 'mllp_inbound';
DROP INDEX IF EXISTS "emr_connections_endpoint_kind_idx";
ALTER TABLE "emr_connections" DROP COLUMN IF EXISTS "deactivated_at";
ALTER TABLE "emr_connections" DROP COLUMN IF EXISTS "credentials_key_id";
ALTER TABLE "emr_connections" DROP COLUMN IF EXISTS "endpoint";
ALTER TABLE "emr_connections" DROP COLUMN IF EXISTS "endpoint_kind";
DROP TYPE IF EXISTS "EndpointKind";

-- PostgreSQL cannot drop an enum value: the type is rebuilt without it (NextGen connections become generic FHIR).
UPDATE "emr_connections" SET "emr_type" = 'generic_fhir' WHERE "emr_type" = 'nextgen';
ALTER TYPE "EMRType" RENAME TO "EMRType_with_nextgen";
CREATE TYPE "EMRType" AS ENUM ('epic', 'cerner', 'allscripts', 'meditech', 'athenahealth', 'generic_fhir', 'generic_hl7');
ALTER TABLE "emr_connections" ALTER COLUMN "emr_type" TYPE "EMRType" USING "emr_type"::text::"EMRType";
DROP TYPE "EMRType_with_nextgen";
