import "server-only";
import { detector, insertDetections, windowOf } from "@/lib/alerts/detect/detector";
import { Prisma } from "@/lib/generated/prisma/client";

// API keys used from a new address (api_key_known_ips; a key's very first use only records its address), and
// bursts of refused requests from one key, rejected key prefix, user or (unauthenticated) address.

const KEY_USES = Prisma.sql`
  WITH uses AS (
    SELECT b.user_id AS api_key_id, b.ip_address, min(b.seq) AS first_seq, min(b.timestamp) AS first_at, max(b.timestamp) AS last_at,
           max(b.username) AS key_name, (array_agg(b.id ORDER BY b.id DESC))[1:100] AS event_ids
    FROM batch b JOIN api_keys k ON k.id::text = b.user_id
    WHERE b.ip_address IS NOT NULL
    GROUP BY b.user_id, b.ip_address
  ),
  known_keys AS (SELECT DISTINCT api_key_id FROM api_key_known_ips WHERE api_key_id IN (SELECT api_key_id FROM uses)),
  first_addresses AS (SELECT DISTINCT ON (api_key_id) api_key_id, ip_address FROM uses ORDER BY api_key_id, first_seq)`;

export const apiKeyNewAddress = detector("api_key.new_ip", () =>
  insertDetections(
    "api_key.new_ip",
    Prisma.sql`
      ${KEY_USES}
      SELECT 'api_key:' || u.api_key_id || '|ip:' || u.ip_address AS subject_key, NULL AS user_id, u.key_name AS username, NULL::uuid AS patient_id,
             u.api_key_id, NULL::uuid AS connection_id, u.ip_address,
             'API key ' || COALESCE(u.key_name, u.api_key_id) || ' used from a new address' AS title,
             'Used from ' || u.ip_address || ', never seen for this key' AS summary,
             jsonb_build_object('knownAddresses', (SELECT count(*) FROM api_key_known_ips k WHERE k.api_key_id = u.api_key_id)) AS details,
             u.last_at AS seen_at, u.event_ids
      FROM uses u
      WHERE NOT EXISTS (SELECT 1 FROM api_key_known_ips k WHERE k.api_key_id = u.api_key_id AND k.ip_address = u.ip_address)
        AND (u.api_key_id IN (SELECT api_key_id FROM known_keys)
             OR (u.api_key_id, u.ip_address) NOT IN (SELECT api_key_id, ip_address FROM first_addresses))`,
  ),
);

export const LEARN_API_KEY_ADDRESSES = Prisma.sql`
  ${KEY_USES}
  INSERT INTO api_key_known_ips (api_key_id, ip_address, first_seen_at, last_seen_at)
  SELECT api_key_id, ip_address, first_at, last_at FROM uses
  ON CONFLICT (api_key_id, ip_address) DO UPDATE SET last_seen_at = GREATEST(api_key_known_ips.last_seen_at, EXCLUDED.last_seen_at)`;

/** Who a refused request came from: a user or key by id, a rejected key by its prefix, else the client address. */
const DENIED_BY = Prisma.raw(
  "COALESCE('user:' || user_id, 'api_key_prefix:' || (details->>'prefix'), 'ip:' || ip_address)",
);

export const denialBurst = detector("access.denial_burst", ({ windowMinutes, threshold }) =>
  insertDetections(
    "access.denial_burst",
    Prisma.sql`
      WITH sources AS (
        SELECT ${DENIED_BY} AS source, max(timestamp) AS seen_at FROM batch WHERE status = 'denied' AND ${DENIED_BY} IS NOT NULL GROUP BY 1
      ),
      recent AS (
        SELECT id, timestamp, user_id, username, ip_address, ${DENIED_BY} AS source FROM audit_logs
        WHERE status = 'denied'
          AND timestamp > (SELECT min(seen_at) FROM sources) - ${windowOf(windowMinutes)}
          AND timestamp <= (SELECT max(seen_at) FROM sources)
      ),
      bursts AS (
        SELECT s.source, s.seen_at, max(r.user_id) AS actor_id, max(r.username) AS actor_name, max(r.ip_address) AS ip_address,
               count(*) AS denials, count(DISTINCT r.ip_address) AS addresses, (array_agg(r.id ORDER BY r.id DESC))[1:100] AS event_ids
        FROM sources s JOIN recent r ON r.source = s.source AND r.timestamp > s.seen_at - ${windowOf(windowMinutes)} AND r.timestamp <= s.seen_at
        GROUP BY s.source, s.seen_at
        HAVING count(*) >= ${threshold}::int
      )
      SELECT CASE WHEN k.id IS NULL THEN x.source ELSE 'api_key:' || k.id END AS subject_key,
             CASE WHEN k.id IS NULL THEN x.actor_id END AS user_id, x.actor_name AS username, NULL::uuid AS patient_id,
             k.id::text AS api_key_id, NULL::uuid AS connection_id, x.ip_address,
             x.denials || ' refused requests from ' || COALESCE(x.actor_name, substr(x.source, strpos(x.source, ':') + 1)) AS title,
             x.denials || ' refused requests within ' || ${windowMinutes}::int || ' minutes from ' || x.addresses || ' address(es)' AS summary,
             jsonb_build_object('denials', x.denials, 'addresses', x.addresses, 'windowMinutes', ${windowMinutes}::int, 'threshold', ${threshold}::int) AS details,
             x.seen_at, x.event_ids
      FROM bursts x LEFT JOIN api_keys k ON 'user:' || k.id::text = x.source`,
  ),
);
