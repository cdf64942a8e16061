-- Trigram indexes for typo-tolerant patient name search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('male', 'female', 'other', 'unknown');

-- CreateEnum
CREATE TYPE "ObservationType" AS ENUM ('vital_signs', 'laboratory', 'imaging', 'procedure', 'survey', 'exam', 'therapy', 'activity', 'social_history');

-- CreateEnum
CREATE TYPE "ObservationStatus" AS ENUM ('registered', 'preliminary', 'final', 'amended', 'corrected', 'cancelled', 'entered_in_error', 'unknown');

-- CreateEnum
CREATE TYPE "MedicationStatus" AS ENUM ('active', 'on_hold', 'completed', 'stopped', 'cancelled', 'entered_in_error', 'draft', 'unknown');

-- CreateEnum
CREATE TYPE "AllergyType" AS ENUM ('allergy', 'intolerance');

-- CreateEnum
CREATE TYPE "AllergyCategory" AS ENUM ('food', 'medication', 'environment', 'biologic');

-- CreateEnum
CREATE TYPE "AllergyClinicalStatus" AS ENUM ('active', 'inactive', 'resolved');

-- CreateEnum
CREATE TYPE "AllergyVerificationStatus" AS ENUM ('unconfirmed', 'presumed', 'confirmed', 'refuted', 'entered_in_error');

-- CreateEnum
CREATE TYPE "AllergyCriticality" AS ENUM ('low', 'high', 'unable_to_assess');

-- CreateEnum
CREATE TYPE "HL7Direction" AS ENUM ('inbound', 'outbound');

-- CreateEnum
CREATE TYPE "HL7Status" AS ENUM ('received', 'processed', 'error', 'sent', 'acknowledged');

-- CreateEnum
CREATE TYPE "EMRType" AS ENUM ('epic', 'cerner', 'allscripts', 'meditech', 'athenahealth', 'generic_fhir', 'generic_hl7');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('admin', 'clinician', 'compliance', 'integration');

-- CreateTable
CREATE TABLE "patients" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mrn" VARCHAR(64) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "middle_name" VARCHAR(100),
    "last_name" VARCHAR(100) NOT NULL,
    "birth_date" DATE NOT NULL,
    "gender" "Gender" NOT NULL DEFAULT 'unknown',
    "ssn_encrypted" TEXT,
    "ssn_last4" CHAR(4),
    "phone" VARCHAR(32),
    "email" VARCHAR(255),
    "address_line1" VARCHAR(255),
    "address_line2" VARCHAR(255),
    "city" VARCHAR(100),
    "state" VARCHAR(50),
    "postal_code" VARCHAR(20),
    "country" VARCHAR(2),
    "marital_status" VARCHAR(32),
    "race" VARCHAR(64),
    "ethnicity" VARCHAR(64),
    "preferred_language" VARCHAR(32),
    "source_emr" VARCHAR(64),
    "source_patient_id" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "patients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "observations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patient_id" UUID NOT NULL,
    "observation_type" "ObservationType" NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "code_system" VARCHAR(255) NOT NULL DEFAULT 'http://loinc.org',
    "code_display" VARCHAR(255),
    "value_quantity" DOUBLE PRECISION,
    "value_string" TEXT,
    "value_boolean" BOOLEAN,
    "value_code" VARCHAR(64),
    "unit" VARCHAR(64),
    "reference_range_low" DOUBLE PRECISION,
    "reference_range_high" DOUBLE PRECISION,
    "reference_range_text" VARCHAR(255),
    "interpretation" VARCHAR(64),
    "abnormal_flag" VARCHAR(8),
    "status" "ObservationStatus" NOT NULL DEFAULT 'final',
    "effective_datetime" TIMESTAMPTZ(3) NOT NULL,
    "issued_datetime" TIMESTAMPTZ(3),
    "performer" VARCHAR(255),
    "note" TEXT,
    "source_emr" VARCHAR(64),
    "source_observation_id" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "observations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "medications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patient_id" UUID NOT NULL,
    "medication_name" VARCHAR(255) NOT NULL,
    "generic_name" VARCHAR(255),
    "medication_code" VARCHAR(64),
    "code_system" VARCHAR(255) DEFAULT 'http://www.nlm.nih.gov/research/umls/rxnorm',
    "strength" VARCHAR(64),
    "dose" DOUBLE PRECISION,
    "dose_unit" VARCHAR(32),
    "route" VARCHAR(64),
    "frequency" VARCHAR(64),
    "instructions" TEXT,
    "status" "MedicationStatus" NOT NULL DEFAULT 'active',
    "prescriber_name" VARCHAR(255),
    "prescriber_id" VARCHAR(64),
    "start_date" DATE,
    "end_date" DATE,
    "source_emr" VARCHAR(64),
    "source_medication_id" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "medications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allergies" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "patient_id" UUID NOT NULL,
    "allergen" VARCHAR(255) NOT NULL,
    "allergen_code" VARCHAR(64),
    "allergen_code_system" VARCHAR(255),
    "allergy_type" "AllergyType" NOT NULL DEFAULT 'allergy',
    "category" "AllergyCategory" NOT NULL,
    "clinical_status" "AllergyClinicalStatus" NOT NULL DEFAULT 'active',
    "verification_status" "AllergyVerificationStatus" NOT NULL DEFAULT 'unconfirmed',
    "criticality" "AllergyCriticality",
    "reactions" JSONB NOT NULL DEFAULT '[]',
    "onset_date" DATE,
    "recorded_date" DATE,
    "source_emr" VARCHAR(64),
    "source_allergy_id" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "allergies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hl7_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_type" VARCHAR(16) NOT NULL,
    "trigger_event" VARCHAR(8),
    "message_control_id" VARCHAR(64) NOT NULL,
    "direction" "HL7Direction" NOT NULL,
    "sending_application" VARCHAR(255),
    "sending_facility" VARCHAR(255) NOT NULL DEFAULT '',
    "receiving_application" VARCHAR(255),
    "receiving_facility" VARCHAR(255),
    "message_datetime" TIMESTAMPTZ(3) NOT NULL,
    "hl7_version" VARCHAR(16),
    "raw_message" TEXT NOT NULL,
    "parsed_data" JSONB,
    "status" "HL7Status" NOT NULL DEFAULT 'received',
    "ack_code" VARCHAR(4),
    "ack_message" TEXT,
    "ack_at" TIMESTAMPTZ(3),
    "error_message" TEXT,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "processed_at" TIMESTAMPTZ(3),
    "patient_id" UUID,
    "connection_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "hl7_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emr_connections" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "connection_id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "emr_type" "EMRType" NOT NULL,
    "base_url" VARCHAR(1024),
    "fhir_version" VARCHAR(16),
    "config" JSONB NOT NULL DEFAULT '{}',
    "credentials_encrypted" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "is_connected" BOOLEAN NOT NULL DEFAULT false,
    "last_connected_at" TIMESTAMPTZ(3),
    "total_requests" BIGINT NOT NULL DEFAULT 0,
    "successful_requests" BIGINT NOT NULL DEFAULT 0,
    "failed_requests" BIGINT NOT NULL DEFAULT 0,
    "avg_response_time_ms" DOUBLE PRECISION,
    "last_error" TEXT,
    "last_test_at" TIMESTAMPTZ(3),
    "last_test_success" BOOLEAN,
    "last_test_message" TEXT,
    "last_test_latency_ms" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "emr_connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
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
    "timestamp" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_login_at" TIMESTAMPTZ(3),
    "failed_login_count" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" VARCHAR(255) NOT NULL,
    "role" "Role" NOT NULL,
    "prefix" VARCHAR(32) NOT NULL,
    "secret_hash" VARCHAR(128) NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "patients_mrn_key" ON "patients"("mrn");

-- CreateIndex
CREATE INDEX "patients_last_name_first_name_idx" ON "patients"("last_name", "first_name");

-- CreateIndex
CREATE INDEX "patients_birth_date_idx" ON "patients"("birth_date");

-- CreateIndex
CREATE INDEX "patients_source_emr_idx" ON "patients"("source_emr");

-- CreateIndex
CREATE INDEX "patients_updated_at_idx" ON "patients"("updated_at");

-- CreateIndex
CREATE INDEX "patients_last_name_trgm_idx" ON "patients" USING GIN ("last_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "patients_first_name_trgm_idx" ON "patients" USING GIN ("first_name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "patients_ssn_last4_idx" ON "patients"("ssn_last4");

-- CreateIndex
CREATE UNIQUE INDEX "patients_source_emr_source_patient_id_key" ON "patients"("source_emr", "source_patient_id");

-- CreateIndex
CREATE INDEX "observations_patient_id_idx" ON "observations"("patient_id");

-- CreateIndex
CREATE INDEX "observations_observation_type_idx" ON "observations"("observation_type");

-- CreateIndex
CREATE INDEX "observations_code_idx" ON "observations"("code");

-- CreateIndex
CREATE INDEX "observations_effective_datetime_idx" ON "observations"("effective_datetime");

-- CreateIndex
CREATE INDEX "observations_patient_id_code_effective_datetime_idx" ON "observations"("patient_id", "code", "effective_datetime" DESC);

-- CreateIndex
CREATE INDEX "observations_patient_id_observation_type_effective_datetime_idx" ON "observations"("patient_id", "observation_type", "effective_datetime" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "observations_source_emr_source_observation_id_key" ON "observations"("source_emr", "source_observation_id");

-- CreateIndex
CREATE INDEX "medications_patient_id_idx" ON "medications"("patient_id");

-- CreateIndex
CREATE INDEX "medications_medication_name_idx" ON "medications"("medication_name");

-- CreateIndex
CREATE INDEX "medications_status_idx" ON "medications"("status");

-- CreateIndex
CREATE INDEX "medications_start_date_idx" ON "medications"("start_date");

-- CreateIndex
CREATE INDEX "medications_patient_id_status_idx" ON "medications"("patient_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "medications_source_emr_source_medication_id_key" ON "medications"("source_emr", "source_medication_id");

-- CreateIndex
CREATE INDEX "allergies_patient_id_idx" ON "allergies"("patient_id");

-- CreateIndex
CREATE INDEX "allergies_allergen_idx" ON "allergies"("allergen");

-- CreateIndex
CREATE INDEX "allergies_criticality_idx" ON "allergies"("criticality");

-- CreateIndex
CREATE UNIQUE INDEX "allergies_source_emr_source_allergy_id_key" ON "allergies"("source_emr", "source_allergy_id");

-- CreateIndex
CREATE INDEX "hl7_messages_message_type_idx" ON "hl7_messages"("message_type");

-- CreateIndex
CREATE INDEX "hl7_messages_direction_idx" ON "hl7_messages"("direction");

-- CreateIndex
CREATE INDEX "hl7_messages_status_idx" ON "hl7_messages"("status");

-- CreateIndex
CREATE INDEX "hl7_messages_patient_id_idx" ON "hl7_messages"("patient_id");

-- CreateIndex
CREATE INDEX "hl7_messages_message_datetime_idx" ON "hl7_messages"("message_datetime");

-- CreateIndex
CREATE INDEX "hl7_messages_connection_id_idx" ON "hl7_messages"("connection_id");

-- CreateIndex
CREATE UNIQUE INDEX "hl7_messages_sending_facility_message_control_id_key" ON "hl7_messages"("sending_facility", "message_control_id");

-- CreateIndex
CREATE UNIQUE INDEX "emr_connections_connection_id_key" ON "emr_connections"("connection_id");

-- CreateIndex
CREATE INDEX "emr_connections_emr_type_idx" ON "emr_connections"("emr_type");

-- CreateIndex
CREATE INDEX "emr_connections_is_active_idx" ON "emr_connections"("is_active");

-- CreateIndex
CREATE INDEX "audit_logs_event_type_idx" ON "audit_logs"("event_type");

-- CreateIndex
CREATE INDEX "audit_logs_username_idx" ON "audit_logs"("username");

-- CreateIndex
CREATE INDEX "audit_logs_patient_id_idx" ON "audit_logs"("patient_id");

-- CreateIndex
CREATE INDEX "audit_logs_timestamp_idx" ON "audit_logs"("timestamp");

-- CreateIndex
CREATE INDEX "audit_logs_resource_type_resource_id_idx" ON "audit_logs"("resource_type", "resource_id");

-- CreateIndex
CREATE INDEX "audit_logs_patient_id_timestamp_idx" ON "audit_logs"("patient_id", "timestamp");

-- CreateIndex
CREATE INDEX "audit_logs_user_id_timestamp_idx" ON "audit_logs"("user_id", "timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_role_idx" ON "users"("role");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- AddForeignKey
ALTER TABLE "observations" ADD CONSTRAINT "observations_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "medications" ADD CONSTRAINT "medications_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allergies" ADD CONSTRAINT "allergies_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hl7_messages" ADD CONSTRAINT "hl7_messages_patient_id_fkey" FOREIGN KEY ("patient_id") REFERENCES "patients"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hl7_messages" ADD CONSTRAINT "hl7_messages_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "emr_connections"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

