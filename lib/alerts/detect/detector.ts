import "server-only";
import { thresholdsOf, type AlertRuleKey, type RuleThresholds } from "@/lib/alerts/rules";
import { Prisma } from "@/lib/generated/prisma/client";

// A rule's detection is one INSERT … SELECT over the batch (the temporary table of the audit rows being read, see
// batch.ts) into the temporary table `detections`: set-based, one statement per rule and batch. Windows reach back
// into audit_logs only through its indexes: (action, timestamp, id), (user_id, timestamp, id), (status, timestamp, id).

export interface Detector {
  rule: AlertRuleKey;
  /** The rule's statement for the stored thresholds (completed with defaults by the rule's schema). */
  detect: (storedThresholds: unknown) => Prisma.Sql;
}

export function detector<K extends AlertRuleKey>(rule: K, detect: (thresholds: RuleThresholds<K>) => Prisma.Sql): Detector {
  return { rule, detect: (stored) => detect(thresholdsOf(rule, stored)) };
}

/** Every detection names its rule, subject, what it is about, a title and summary (never PHI), and its events. */
export function insertDetections(rule: AlertRuleKey, select: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO detections (rule_key, subject_key, user_id, username, patient_id, api_key_id, connection_id, ip_address, title, summary, details, seen_at, event_ids)
    SELECT ${rule}::text, left(d.subject_key, 300), d.user_id, d.username, d.patient_id, d.api_key_id, d.connection_id, d.ip_address, d.title, d.summary, d.details, d.seen_at, d.event_ids
    FROM (${select}) AS d`;
}

export const CREATE_DETECTIONS = Prisma.sql`
  CREATE TEMP TABLE detections (
    rule_key text NOT NULL, subject_key text NOT NULL, user_id text, username text, patient_id uuid, api_key_id text,
    connection_id uuid, ip_address text, title text NOT NULL, summary text NOT NULL, details jsonb NOT NULL,
    seen_at timestamptz NOT NULL, event_ids bigint[] NOT NULL
  ) ON COMMIT DROP`;

export function windowOf(minutes: number): Prisma.Sql {
  return Prisma.sql`make_interval(mins => ${minutes}::int)`;
}

/** The newest event ids of a group, enough to link (an alert keeps the newest 100). */
export const NEWEST_IDS = Prisma.raw("(array_agg(id ORDER BY id DESC))[1:100]");
