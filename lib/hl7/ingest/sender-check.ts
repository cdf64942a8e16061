import type { InboundFeed } from "@/lib/hl7/ingest/attribution";
import type { IngestSource } from "@/lib/hl7/ingest/types";

// Mutual TLS per feed: a feed that names its sender's client certificate takes that sender's messages only from a TLS
// session in which that very certificate was presented. MSH-3/MSH-4 are whatever the sender typed, so without this
// anyone reaching the listener could send as any feed. POST /api/v1/hl7 carries no client certificate, so such a
// feed is never satisfied over HTTP (an API key is not the sender's certificate).

/** Why this message may not be taken as the feed's, or null when it may. */
export function senderRefusal(feed: InboundFeed, source: Pick<IngestSource, "transport" | "clientCertificateSha256">): string | null {
  if (!feed.clientCertificateSha256) return null;
  if (source.transport === "http") return "this feed takes messages only over MLLP with TLS and its sender's client certificate";
  if (!source.clientCertificateSha256) return "this feed requires its sender's TLS client certificate, and none was presented";
  if (source.clientCertificateSha256 !== feed.clientCertificateSha256) return "the TLS client certificate presented is not the one this feed expects";
  return null;
}
