-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "AlertStatus" AS ENUM ('open', 'acknowledged', 'resolved');

-- AlterTable: rows written before hold 0 (a constant default rewrites nothing); every new row its transaction's id.
ALTER TABLE "audit_logs" ADD COLUMN "tx_id" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "audit_logs" ALTER COLUMN "tx_id" SET DEFAULT ((pg_current_xact_id())::text)::bigint;

-- CreateTable
CREATE TABLE "alert_rules" (
    "key" VARCHAR(64) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "severity" "AlertSeverity" NOT NULL,
    "thresholds" JSONB NOT NULL DEFAULT '{}',
    "notify_email" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "notify_webhook" BOOLEAN NOT NULL DEFAULT false,
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by_id" VARCHAR(64),

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "rule_key" VARCHAR(64) NOT NULL,
    "severity" "AlertSeverity" NOT NULL,
    "status" "AlertStatus" NOT NULL DEFAULT 'open',
    "subject_key" VARCHAR(300) NOT NULL,
    "open_key" VARCHAR(300),
    "user_id" VARCHAR(64),
    "username" VARCHAR(255),
    "patient_id" UUID,
    "api_key_id" VARCHAR(64),
    "connection_id" UUID,
    "ip_address" VARCHAR(64),
    "title" VARCHAR(200) NOT NULL,
    "summary" VARCHAR(1000) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "count" INTEGER NOT NULL DEFAULT 1,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" VARCHAR(64),
    "assignee_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" VARCHAR(64),
    "resolution_note" VARCHAR(2000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "alert_id" UUID NOT NULL,
    "audit_log_id" BIGINT NOT NULL,

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("alert_id","audit_log_id")
);

-- CreateTable
CREATE TABLE "detection_cursors" (
    "name" VARCHAR(64) NOT NULL,
    "tx_id" BIGINT NOT NULL,
    "audit_log_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "detection_cursors_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "user_known_ips" (
    "user_id" VARCHAR(64) NOT NULL,
    "ip_address" VARCHAR(64) NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_known_ips_pkey" PRIMARY KEY ("user_id","ip_address")
);

-- CreateTable
CREATE TABLE "api_key_known_ips" (
    "api_key_id" VARCHAR(64) NOT NULL,
    "ip_address" VARCHAR(64) NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_key_known_ips_pkey" PRIMARY KEY ("api_key_id","ip_address")
);

-- CreateTable
CREATE TABLE "user_chart_days" (
    "user_id" VARCHAR(64) NOT NULL,
    "day" DATE NOT NULL,
    "patient_id" UUID NOT NULL,

    CONSTRAINT "user_chart_days_pkey" PRIMARY KEY ("user_id","day","patient_id")
);

-- CreateIndex
CREATE INDEX "alerts_status_last_seen_at_id_idx" ON "alerts"("status", "last_seen_at" DESC, "id");

-- CreateIndex
CREATE INDEX "alerts_last_seen_at_id_idx" ON "alerts"("last_seen_at" DESC, "id");

-- CreateIndex
CREATE INDEX "alerts_assignee_id_status_idx" ON "alerts"("assignee_id", "status");

-- One unresolved alert per rule and subject: open_key is null once resolved, and nulls never collide. (A plain
-- unique index on a nullable column rather than a partial one: Prisma's schema describes it, so no drift.)
CREATE UNIQUE INDEX "alerts_rule_key_open_key_key" ON "alerts"("rule_key", "open_key");

-- CreateIndex
CREATE INDEX "audit_logs_tx_id_id_idx" ON "audit_logs"("tx_id", "id");

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Detection starts with the events written from now on: the history is not replayed as a flood of old alerts.
INSERT INTO "detection_cursors" ("name", "tx_id", "audit_log_id") SELECT 'audit', 0, COALESCE(max("id"), 0) FROM "audit_logs";
