import { dbPool } from "@/lib/db/client";
import type { Sender } from "@/lib/hl7/ingest/sender";

// An inbound message belongs to the active inbound-feed connection (endpoint kind mllp_inbound) that names its
// sending application (and facility, when the connection names one). Unknown senders are accepted and stay
// unattributed.

/** The inbound feed a message is attributed to, and the client certificate its sender must present (or ""). */
export interface InboundFeed {
  id: string;
  clientCertificateSha256: string;
}

interface ConnectionSender extends InboundFeed {
  application: string;
  facility: string;
}

const REFRESH_MS = 10_000;
/**
 * A sender no known connection names makes the list be re-read, at most this often: a feed created a moment ago (in
 * this process or another) is found at once, while truly unknown senders cost at most one query a second.
 */
const MISS_REFRESH_MS = 1_000;
let known: { at: number; senders: Promise<ConnectionSender[]> } | null = null;

async function loadSenders(): Promise<ConnectionSender[]> {
  const result = await dbPool().query<ConnectionSender>(`
    SELECT id, endpoint->>'sendingApplication' AS application, COALESCE(endpoint->>'sendingFacility', '') AS facility,
      COALESCE(endpoint->>'clientCertificateSha256', '') AS "clientCertificateSha256"
    FROM emr_connections WHERE is_active AND endpoint_kind = 'mllp_inbound'`);
  return result.rows;
}

/** The active inbound feeds, read again when the list is older than `maxAgeMs`. */
function sendersNoOlderThan(maxAgeMs: number): Promise<ConnectionSender[]> {
  if (!known || Date.now() - known.at > maxAgeMs) {
    const senders = loadSenders();
    known = { at: Date.now(), senders };
    senders.catch(() => {
      known = null;
    });
  }
  return known.senders;
}

function feedOf(senders: readonly ConnectionSender[], sender: Sender): InboundFeed | null {
  const match =
    senders.find((entry) => entry.application === sender.application && entry.facility === sender.facility) ??
    senders.find((entry) => entry.application === sender.application && entry.facility === "");
  return match ? { id: match.id, clientCertificateSha256: match.clientCertificateSha256 } : null;
}

/**
 * The feed a sender's messages are counted on (and checked against), or null. The list is re-read every few seconds,
 * and within a second for a sender it does not name (a feed just created).
 */
export async function connectionOf(sender: Sender): Promise<InboundFeed | null> {
  return feedOf(await sendersNoOlderThan(REFRESH_MS), sender) ?? feedOf(await sendersNoOlderThan(MISS_REFRESH_MS), sender);
}
