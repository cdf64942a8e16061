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
let known: { at: number; senders: Promise<ConnectionSender[]> } | null = null;

async function loadSenders(): Promise<ConnectionSender[]> {
  const result = await dbPool().query<ConnectionSender>(`
    SELECT id, endpoint->>'sendingApplication' AS application, COALESCE(endpoint->>'sendingFacility', '') AS facility,
      COALESCE(endpoint->>'clientCertificateSha256', '') AS "clientCertificateSha256"
    FROM emr_connections WHERE is_active AND endpoint_kind = 'mllp_inbound'`);
  return result.rows;
}

/** The feed a sender's messages are counted on (and checked against), or null. Connections are re-read every few seconds. */
export async function connectionOf(sender: Sender): Promise<InboundFeed | null> {
  if (!known || Date.now() - known.at > REFRESH_MS) {
    const senders = loadSenders();
    known = { at: Date.now(), senders };
    senders.catch(() => {
      known = null;
    });
  }
  const senders = await known.senders;
  const match =
    senders.find((entry) => entry.application === sender.application && entry.facility === sender.facility) ??
    senders.find((entry) => entry.application === sender.application && entry.facility === "");
  return match ? { id: match.id, clientCertificateSha256: match.clientCertificateSha256 } : null;
}
