import "server-only";
import { detector, insertDetections } from "@/lib/alerts/detect/detector";
import { Prisma } from "@/lib/generated/prisma/client";

// Snooping: a chart of someone who shares the user's family name, a restricted chart without an emergency access
// grant, and every break-the-glass use (always raised, so someone reviews it). Titles name the user, never the
// patient: the alert carries the patient's id only.

/** The last word of the user's name, as people's family names are compared here. */
const FAMILY_NAME = Prisma.raw("lower(regexp_replace(btrim(u.name), '^.*\\s', ''))");

export const familyName = detector("snoop.family_name", () =>
  insertDetections(
    "snoop.family_name",
    Prisma.sql`
      SELECT 'patient:' || b.patient_id || '|user:' || b.user_id AS subject_key, b.user_id, max(b.username) AS username, b.patient_id,
             NULL AS api_key_id, NULL::uuid AS connection_id, NULL AS ip_address,
             COALESCE(max(b.username), b.user_id) || ' opened the chart of a patient with their family name' AS title,
             count(*) || ' read(s) of the chart of a patient who shares the user''s family name' AS summary,
             jsonb_build_object('reads', count(*)) AS details,
             max(b.timestamp) AS seen_at, (array_agg(b.id ORDER BY b.id DESC))[1:100] AS event_ids
      FROM batch b
      JOIN users u ON u.id::text = b.user_id
      JOIN patients p ON p.id = b.patient_id
      WHERE b.action = 'patient.viewed' AND b.status = 'success' AND lower(p.last_name) = ${FAMILY_NAME}
      GROUP BY b.patient_id, b.user_id`,
  ),
);

/**
 * A refused attempt at a restricted chart (the app audits it as a denial with reason "restricted"), or a read of
 * one that no grant covered at the time (a compliance officer's demographics read for an investigation is allowed).
 */
export const restrictedWithoutGrant = detector("snoop.restricted_without_grant", () =>
  insertDetections(
    "snoop.restricted_without_grant",
    Prisma.sql`
      SELECT 'patient:' || b.patient_id || '|user:' || COALESCE(b.user_id, 'anonymous') AS subject_key, b.user_id, max(b.username) AS username, b.patient_id,
             NULL AS api_key_id, NULL::uuid AS connection_id, max(b.ip_address) AS ip_address,
             COALESCE(max(b.username), b.user_id, 'Someone') || ' tried to open a restricted chart without a grant' AS title,
             count(*) FILTER (WHERE b.status = 'denied') || ' refused attempt(s), ' || count(*) FILTER (WHERE b.status = 'success') || ' read(s) without an emergency access grant' AS summary,
             jsonb_build_object('refused', count(*) FILTER (WHERE b.status = 'denied'), 'read', count(*) FILTER (WHERE b.status = 'success')) AS details,
             max(b.timestamp) AS seen_at, (array_agg(b.id ORDER BY b.id DESC))[1:100] AS event_ids
      FROM batch b
      WHERE b.patient_id IS NOT NULL AND (
        (b.action = 'access.denied' AND b.details->>'reason' = 'restricted')
        OR (b.event_type = 'data_access' AND b.status = 'success' AND b.details->>'restricted' = 'true' AND b.action <> 'patient.emergency_access'
            AND b.user_role IS DISTINCT FROM 'compliance'
            AND NOT EXISTS (
              SELECT 1 FROM emergency_access_grants g
              WHERE g.patient_id = b.patient_id AND g.user_id::text = b.user_id AND g.created_at <= b.timestamp AND g.expires_at > b.timestamp)))
      GROUP BY b.patient_id, b.user_id`,
  ),
);

export const breakTheGlass = detector("snoop.break_glass", () =>
  insertDetections(
    "snoop.break_glass",
    Prisma.sql`
      SELECT 'emergency_access:' || COALESCE(b.details->>'grantId', b.id::text) AS subject_key, b.user_id, b.username, b.patient_id,
             NULL AS api_key_id, NULL::uuid AS connection_id, b.ip_address,
             COALESCE(b.username, b.user_id) || ' broke the glass to open a restricted chart' AS title,
             'Emergency access granted until ' || COALESCE(b.details->>'expiresAt', 'its expiry') || '; review the stated reason' AS summary,
             jsonb_build_object('grantId', b.details->>'grantId') AS details,
             b.timestamp AS seen_at, ARRAY[b.id] AS event_ids
      FROM batch b
      WHERE b.action = 'patient.emergency_access' AND b.status = 'success'`,
  ),
);
