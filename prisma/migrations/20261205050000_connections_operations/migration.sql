-- EMR connections with typed endpoints and rotatable secrets, their test history and hourly request statistics,
-- system statistics samples for growth, and the worker's heartbeat.

-- NextGen joins the EMR types the specification lists.
ALTER TYPE "EMRType" ADD VALUE 'nextgen';

-- Each connection is one endpoint of one kind; the kind's non-secret settings live in "endpoint" (validated by
-- lib/connections/schema.ts), its secrets in "credentials_encrypted" under the key named by "credentials_key_id".
CREATE TYPE "EndpointKind" AS ENUM ('fhir_rest', 'mllp_inbound', 'mllp_outbound');
ALTER TABLE "emr_connections" ADD COLUMN "endpoint_kind" "EndpointKind" NOT NULL DEFAULT 'fhir_rest';
ALTER TABLE "emr_connections" ADD COLUMN "endpoint" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "emr_connections" ADD COLUMN "credentials_key_id" VARCHAR(32);
ALTER TABLE "emr_connections" ADD COLUMN "deactivated_at" TIMESTAMPTZ(3);
CREATE INDEX "emr_connections_endpoint_kind_idx" ON "emr_connections"("endpoint_kind");

-- Existing rows: a base URL is a FHIR endpoint; an HL7 sender in config without one is an inbound feed.
UPDATE "emr_connections" SET "endpoint_kind" = 'mllp_inbound',
  "endpoint" = jsonb_build_object('kind', 'mllp_inbound',
    'sendingApplication', "config"->'hl7'->>'sendingApplication',
    'sendingFacility', COALESCE("config"->'hl7'->>'sendingFacility', ''))
WHERE "base_url" IS NULL AND COALESCE("config"->'hl7'->>'sendingApplication', '') <> '';
UPDATE "emr_connections" SET "endpoint" = jsonb_build_object('kind', 'fhir_rest', 'baseUrl', "base_url",
    'fhirVersion', COALESCE("fhir_version", 'R4'), 'auth', jsonb_build_object('type', 'none'))
WHERE "endpoint_kind" = 'fhir_rest' AND "base_url" IS NOT NULL;

-- The key an SSN is encrypted under; NULL for ciphertexts written before keys had ids.
ALTER TABLE "patients" ADD COLUMN "ssn_key_id" VARCHAR(32);

CREATE TABLE "connection_tests" (
    "id" BIGSERIAL NOT NULL,
    "connection_id" UUID NOT NULL,
    "tested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "success" BOOLEAN NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "message" VARCHAR(1000) NOT NULL,
    "latency_ms" INTEGER,
    "details" JSONB NOT NULL DEFAULT '{}',
    "tested_by" VARCHAR(255) NOT NULL,
    CONSTRAINT "connection_tests_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "connection_tests_connection_tested_idx" ON "connection_tests"("connection_id", "tested_at" DESC, "id" DESC);
ALTER TABLE "connection_tests" ADD CONSTRAINT "connection_tests_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "emr_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The specification's ConnectionStatistics, per connection and hour. Latencies are kept as counts per fixed bucket
-- (lib/connections/statistics) so that hours and instances add up and a p95 can be read from the sum.
CREATE TABLE "connection_statistics" (
    "connection_id" UUID NOT NULL,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "total_requests" BIGINT NOT NULL DEFAULT 0,
    "successful_requests" BIGINT NOT NULL DEFAULT 0,
    "failed_requests" BIGINT NOT NULL DEFAULT 0,
    "total_response_time_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "latency_buckets" BIGINT[] NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "connection_statistics_pkey" PRIMARY KEY ("connection_id", "hour")
);
CREATE INDEX "connection_statistics_hour_idx" ON "connection_statistics"("hour");
ALTER TABLE "connection_statistics" ADD CONSTRAINT "connection_statistics_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "emr_connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Record counts sampled by the worker, so the dashboard can show growth.
CREATE TABLE "system_statistics_samples" (
    "taken_at" TIMESTAMPTZ(0) NOT NULL,
    "patients" BIGINT NOT NULL,
    "observations" BIGINT NOT NULL,
    "medications" BIGINT NOT NULL,
    "allergies" BIGINT NOT NULL,
    "hl7_messages" BIGINT NOT NULL,
    "audit_events" BIGINT NOT NULL,
    CONSTRAINT "system_statistics_samples_pkey" PRIMARY KEY ("taken_at")
);

-- Each worker process's last sign of life (readiness and the dashboards read it; it does not depend on Redis).
CREATE TABLE "worker_heartbeats" (
    "instance_id" VARCHAR(128) NOT NULL,
    "hostname" VARCHAR(255) NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "beat_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "worker_heartbeats_pkey" PRIMARY KEY ("instance_id")
);
CREATE INDEX "worker_heartbeats_beat_at_idx" ON "worker_heartbeats"("beat_at");

-- Messages and errors per connection in the last hour (the connections list) read a range of this index.
DROP INDEX "hl7_messages_connection_id_idx";
CREATE INDEX "hl7_messages_connection_created_idx" ON "hl7_messages"("connection_id", "created_at");
