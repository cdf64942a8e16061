import "server-only";
import { detector, insertDetections, windowOf } from "@/lib/alerts/detect/detector";
import { Prisma } from "@/lib/generated/prisma/client";

// Sign-in attacks: failed sign-ins per account and per address within a window, lockouts, and a sign-in from an
// address never seen for that user (user_known_ips; a user's very first sign-in only records its address).

/** A failed sign-in's account: the user it named, or the address typed for an account that does not exist. */
const ACCOUNT_KEY = Prisma.raw("COALESCE('user:' || user_id, 'email:' || lower(details->>'attemptedEmail'))");

export const failedPerAccount = detector("signin.failed_per_account", ({ windowMinutes, threshold }) =>
  insertDetections(
    "signin.failed_per_account",
    Prisma.sql`
      WITH accounts AS (
        SELECT ${ACCOUNT_KEY} AS subject_key, max(timestamp) AS seen_at FROM batch
        WHERE action = 'auth.login_failed' AND ${ACCOUNT_KEY} IS NOT NULL GROUP BY 1
      ),
      recent AS (
        SELECT id, timestamp, user_id, username, ip_address, ${ACCOUNT_KEY} AS subject_key FROM audit_logs
        WHERE action = 'auth.login_failed'
          AND timestamp > (SELECT min(seen_at) FROM accounts) - ${windowOf(windowMinutes)}
          AND timestamp <= (SELECT max(seen_at) FROM accounts)
      )
      SELECT a.subject_key, max(r.user_id) AS user_id, max(r.username) AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, NULL AS ip_address,
             count(*) || ' failed sign-ins for ' || COALESCE(max(r.username), substr(a.subject_key, 7)) AS title,
             count(*) || ' failed sign-ins within ' || ${windowMinutes}::int || ' minutes from ' || count(DISTINCT r.ip_address) || ' address(es)' AS summary,
             jsonb_build_object('failures', count(*), 'addresses', count(DISTINCT r.ip_address), 'windowMinutes', ${windowMinutes}::int, 'threshold', ${threshold}::int) AS details,
             a.seen_at, (array_agg(r.id ORDER BY r.id DESC))[1:100] AS event_ids
      FROM accounts a JOIN recent r ON r.subject_key = a.subject_key AND r.timestamp > a.seen_at - ${windowOf(windowMinutes)} AND r.timestamp <= a.seen_at
      GROUP BY a.subject_key, a.seen_at
      HAVING count(*) >= ${threshold}::int`,
  ),
);

export const failedPerIp = detector("signin.failed_per_ip", ({ windowMinutes, threshold }) =>
  insertDetections(
    "signin.failed_per_ip",
    Prisma.sql`
      WITH addresses AS (
        SELECT ip_address, max(timestamp) AS seen_at FROM batch WHERE action = 'auth.login_failed' AND ip_address IS NOT NULL GROUP BY 1
      ),
      recent AS (
        SELECT id, timestamp, ip_address, ${ACCOUNT_KEY} AS account FROM audit_logs
        WHERE action = 'auth.login_failed'
          AND timestamp > (SELECT min(seen_at) FROM addresses) - ${windowOf(windowMinutes)}
          AND timestamp <= (SELECT max(seen_at) FROM addresses)
      )
      SELECT 'ip:' || a.ip_address AS subject_key, NULL AS user_id, NULL AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, a.ip_address,
             count(*) || ' failed sign-ins from ' || a.ip_address AS title,
             count(*) || ' failed sign-ins within ' || ${windowMinutes}::int || ' minutes naming ' || count(DISTINCT r.account) || ' account(s)' AS summary,
             jsonb_build_object('failures', count(*), 'accounts', count(DISTINCT r.account), 'windowMinutes', ${windowMinutes}::int, 'threshold', ${threshold}::int) AS details,
             a.seen_at, (array_agg(r.id ORDER BY r.id DESC))[1:100] AS event_ids
      FROM addresses a JOIN recent r ON r.ip_address = a.ip_address AND r.timestamp > a.seen_at - ${windowOf(windowMinutes)} AND r.timestamp <= a.seen_at
      GROUP BY a.ip_address, a.seen_at
      HAVING count(*) >= ${threshold}::int`,
  ),
);

export const lockout = detector("signin.lockout", () =>
  insertDetections(
    "signin.lockout",
    Prisma.sql`
      SELECT 'user:' || user_id AS subject_key, user_id, max(username) AS username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, max(ip_address) AS ip_address,
             'Account locked out: ' || COALESCE(max(username), user_id) AS title,
             'Locked after too many wrong passwords' || CASE WHEN count(*) > 1 THEN ' (' || count(*) || ' times)' ELSE '' END AS summary,
             jsonb_build_object('lockouts', count(*)) AS details,
             max(timestamp) AS seen_at, (array_agg(id ORDER BY id DESC))[1:100] AS event_ids
      FROM batch WHERE action = 'auth.locked_out' AND user_id IS NOT NULL
      GROUP BY user_id`,
  ),
);

/** Successful sign-ins of the batch per user and address, with whether the address is new and may alert. */
const SIGN_INS = Prisma.sql`
  WITH sign_ins AS (
    SELECT user_id, ip_address, min(seq) AS first_seq, min(timestamp) AS first_at, max(timestamp) AS last_at, max(username) AS username,
           (array_agg(id ORDER BY id DESC))[1:100] AS event_ids
    FROM batch WHERE action = 'auth.login_succeeded' AND user_id IS NOT NULL AND ip_address IS NOT NULL
    GROUP BY user_id, ip_address
  ),
  known_users AS (SELECT DISTINCT user_id FROM user_known_ips WHERE user_id IN (SELECT user_id FROM sign_ins)),
  first_addresses AS (SELECT DISTINCT ON (user_id) user_id, ip_address FROM sign_ins ORDER BY user_id, first_seq)`;

export const newSignInAddress = detector("signin.new_ip", () =>
  insertDetections(
    "signin.new_ip",
    Prisma.sql`
      ${SIGN_INS}
      SELECT 'user:' || s.user_id || '|ip:' || s.ip_address AS subject_key, s.user_id, s.username, NULL::uuid AS patient_id, NULL AS api_key_id,
             NULL::uuid AS connection_id, s.ip_address,
             'Sign-in from a new address: ' || COALESCE(s.username, s.user_id) AS title,
             'Signed in from ' || s.ip_address || ', never seen for this user' AS summary,
             jsonb_build_object('knownAddresses', (SELECT count(*) FROM user_known_ips k WHERE k.user_id = s.user_id)) AS details,
             s.last_at AS seen_at, s.event_ids
      FROM sign_ins s
      WHERE NOT EXISTS (SELECT 1 FROM user_known_ips k WHERE k.user_id = s.user_id AND k.ip_address = s.ip_address)
        AND (s.user_id IN (SELECT user_id FROM known_users)
             OR (s.user_id, s.ip_address) NOT IN (SELECT user_id, ip_address FROM first_addresses))`,
  ),
);

/** Records every address users signed in from (after detection, which compares against what was known before). */
export const LEARN_SIGN_IN_ADDRESSES = Prisma.sql`
  ${SIGN_INS}
  INSERT INTO user_known_ips (user_id, ip_address, first_seen_at, last_seen_at)
  SELECT user_id, ip_address, first_at, last_at FROM sign_ins
  ON CONFLICT (user_id, ip_address) DO UPDATE SET last_seen_at = GREATEST(user_known_ips.last_seen_at, EXCLUDED.last_seen_at)`;
