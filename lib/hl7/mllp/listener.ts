import "server-only";
import { env } from "@/lib/env";
import { buildAck } from "@/lib/hl7/ack";
import { Hl7Error } from "@/lib/hl7/er7/errors";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { MERIDIAN_ENDPOINT, newControlId } from "@/lib/hl7/ingest/prepare";
import { publishConnectionCounts } from "@/lib/connections/statistics";
import { startMllpServer, type MllpServer } from "@/lib/hl7/mllp/server";
import { mllpTlsFromEnv, tlsServerOptions, type MllpTlsOptions } from "@/lib/hl7/mllp/tls";
import { logger } from "@/lib/logger";

/**
 * The HL7 v2 listener: every frame goes through the one ingest path and is answered with its ACK after commit.
 * Closing it stops accepting, answers what it holds, and writes the connection counts still pending.
 */
export async function startHl7Listener(overrides: { host?: string; port?: number; tls?: MllpTlsOptions | null } = {}): Promise<MllpServer & { tls: boolean }> {
  const settings = env();
  const port = overrides.port ?? settings.MLLP_PORT;
  const tls = overrides.tls === undefined ? mllpTlsFromEnv(settings) : overrides.tls;
  const server = await startMllpServer({
    host: overrides.host ?? settings.MLLP_HOST,
    port,
    // The frame may carry the message's bytes plus nothing else: the same limit the ingest applies.
    maxFrameBytes: settings.HL7_MAX_MESSAGE_BYTES,
    idleTimeoutMs: settings.MLLP_IDLE_TIMEOUT_SECONDS * 1000,
    logger,
    ...(tls ? { tls: tlsServerOptions(tls) } : {}),
    handle: async (payload, peer) => (await ingestHl7(payload, { transport: "mllp", ctx: mllpContext(peer, port), clientCertificateSha256: peer.clientCertificateSha256 })).response,
    // Its bytes were not kept (nothing to store), but the sender learns why instead of waiting for an ACK.
    answerOversize: (length, limit) => Buffer.from(buildAck({ header: null, outcome: "rejected", error: new Hl7Error(207, `The message is over ${limit} bytes (${length} received)`, { reject: true }), controlId: newControlId(), now: new Date(), self: MERIDIAN_ENDPOINT })),
  });
  return {
    port: server.port,
    tls: tls !== null,
    close: async () => {
      await server.close();
      await publishConnectionCounts();
    },
  };
}
