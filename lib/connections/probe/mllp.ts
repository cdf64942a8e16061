import net from "node:net";
import tls from "node:tls";
import type { MllpOutboundEndpoint } from "@/lib/connections/endpoint";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";
import { networkFailure } from "@/lib/connections/probe/network-errors";
import { ProbeFailure, type ProbeResult } from "@/lib/connections/probe/types";

const MAX_REPLY_BYTES = 1_000_000;

const ACK_MEANING: Record<string, string> = {
  AE: "application error",
  AR: "application reject",
  CE: "commit error",
  CR: "commit reject",
};

/** What did not happen in time, by how far the test got. */
const LATE = {
  connecting: "did not accept a connection in time (is a firewall dropping it?)",
  // A TLS client facing a plain MLLP port waits for a handshake that never comes.
  handshake: "accepted the connection but did not complete a TLS handshake in time: does that port expect TLS?",
  waiting: "did not acknowledge the test message in time",
} as const;

function hl7Timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * The test message: NMD^N02 (application management data), HL7's own message for checking a link, rather than a
 * flagged ADT that a receiver could file against a patient; processing id "T" (test) on top, so a receiver that
 * applies what it gets has nothing to apply.
 */
export function linkTestMessage(controlId: string, now = new Date()): string {
  return [`MSH|^~\\&|MERIDIAN|MERIDIAN|||${hl7Timestamp(now)}||NMD^N02^NMD_N02|${controlId}|T|2.5`, `NCK|${hl7Timestamp(now)}`].join("\r") + "\r";
}

function connect(endpoint: MllpOutboundEndpoint, signal: AbortSignal, ca?: string): net.Socket {
  const options = { host: endpoint.host, port: endpoint.port, signal };
  // Verification stays on; SNI only for names (an IP is checked against the certificate's IP entries).
  return endpoint.tls ? tls.connect({ ...options, servername: net.isIP(endpoint.host) ? undefined : endpoint.host, ...(ca ? { ca } : {}) }) : net.connect(options);
}

/** Printable text of a field from the peer, short enough for a sentence. */
function printable(text: string | undefined): string {
  return (text ?? "").replace(/[^\x20-\x7e]/g, " ").trim().slice(0, 200);
}

interface Ack {
  code: string;
  controlId: string;
  text: string;
}

/** MSA-1 (code), MSA-2 (which message), and why: MSA-3, else ERR-8 (user message), else ERR-3's text. */
function ackOf(reply: Buffer, where: string): Ack {
  const segments = reply.toString("latin1").split(/\r\n?|\n/);
  const msh = segments[0] ?? "";
  const msa = segments.find((segment) => segment.startsWith("MSA"));
  if (!msh.startsWith("MSH") || !msa) throw new ProbeFailure("protocol", `${where} answered, but not with an HL7 acknowledgement`);
  const fieldSeparator = msh[3] ?? "|";
  const componentSeparator = msh[4] ?? "^";
  const fields = msa.split(fieldSeparator);
  const err = segments.find((segment) => segment.startsWith("ERR"))?.split(fieldSeparator) ?? [];
  const text = fields[3] || err[8] || err[3]?.split(componentSeparator)[1];
  return { code: printable(fields[1]), controlId: fields[2] ?? "", text: printable(text) };
}

function verdict(ack: Ack, controlId: string, where: string): Omit<ProbeResult, "latencyMs"> {
  // An empty MSA-2 is sloppy but common in simple peers; another message's id means replies are crossed.
  if (ack.controlId && ack.controlId.trim() !== controlId) throw new ProbeFailure("protocol", `${where} acknowledged another message (MSA-2 is not the test message's control id)`);
  if (ack.code === "AA" || ack.code === "CA") return { success: true, outcome: "ok", message: `Test message acknowledged (${ack.code})`, details: { ackCode: ack.code } };
  const meaning = ACK_MEANING[ack.code];
  const code = meaning ? `${ack.code}, ${meaning}` : `unknown code "${ack.code}"`;
  throw new ProbeFailure("protocol", `${where} did not accept the test message (${code}${ack.text ? `: ${ack.text}` : ""})`);
}

/** Connect (TLS when configured), send one test message, wait for its ACK. */
export function probeMllp(endpoint: MllpOutboundEndpoint, signal: AbortSignal, ca?: string): Promise<Omit<ProbeResult, "latencyMs">> {
  const where = `The MLLP peer ${endpoint.host}:${endpoint.port}`;
  // MSH-10 holds at most 20 characters in v2.5.
  const controlId = `PROBE${Date.now()}`;
  const notMllp = () => new ProbeFailure("protocol", `${where} answered bytes that are not an MLLP frame`);
  return new Promise((resolve, reject) => {
    const socket = connect(endpoint, signal, ca);
    const decoder = new MllpDecoder(MAX_REPLY_BYTES);
    let settled = false;
    let stage: keyof typeof LATE = "connecting";
    const finish = (outcome: { ok: true; value: Omit<ProbeResult, "latencyMs"> } | { ok: false; error: unknown }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (outcome.ok) return resolve(outcome.value);
      reject(signal.aborted ? new ProbeFailure("timeout", `${where} ${LATE[stage]}`) : networkFailure(outcome.error, where, signal));
    };
    socket.once("connect", () => (stage = endpoint.tls ? "handshake" : "waiting"));
    socket.once(endpoint.tls ? "secureConnect" : "connect", () => {
      stage = "waiting";
      socket.write(encodeFrame(linkTestMessage(controlId)));
    });
    socket.on("data", (data) => {
      const events = decoder.push(data);
      const event = events[0];
      if (!event) {
        // The decoder holds stray bytes until a start block; anything but line breaks outside a frame is no MLLP peer.
        if (!decoder.midFrame && data.some((byte) => byte !== 0x0d && byte !== 0x0a)) finish({ ok: false, error: notMllp() });
        return;
      }
      if (event.kind !== "frame") return finish({ ok: false, error: notMllp() });
      try {
        finish({ ok: true, value: verdict(ackOf(event.payload, where), controlId, where) });
      } catch (error) {
        finish({ ok: false, error });
      }
    });
    socket.on("error", (error) => finish({ ok: false, error }));
    socket.on("close", () => finish({ ok: false, error: signal.aborted ? signal.reason : new ProbeFailure("protocol", `${where} closed the connection without an acknowledgement`) }));
  });
}
