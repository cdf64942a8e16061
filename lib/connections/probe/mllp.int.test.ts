import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MllpOutboundEndpoint } from "@/lib/connections/endpoint";
import { probeConnection } from "@/lib/connections/probe";
import { closeAll, closedPort, listenLocally, makeTestCertificates } from "@/lib/connections/probe/test-peers";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";

// Real MLLP peers on loopback (plain TCP, and TLS with certificates made for this run) that acknowledge, reject,
// stay silent, answer garbage, hang up, or acknowledge some other message.

type Behaviour = "AA" | "CA" | "AE" | "AR" | "silent" | "garbage" | "hang-up" | "crossed";

const certificates = makeTestCertificates();
const received: string[] = [];

function ack(code: string, controlId: string, tail = ""): Buffer {
  return encodeFrame(`MSH|^~\\&|PEER|PEER|MERIDIAN|MERIDIAN|20261205120000||ACK^N02^ACK|A${Date.now()}|T|2.5\rMSA|${code}|${controlId}${tail}\r`);
}

function reply(behaviour: Behaviour, message: string): Buffer | string | null {
  const controlId = message.split("\r")[0]?.split("|")[9] ?? "";
  switch (behaviour) {
    case "silent":
    case "hang-up":
      return null;
    case "garbage":
      return "HTTP/1.1 400 Bad Request\r\n\r\n";
    case "crossed":
      return ack("AA", "SOMEONE-ELSE");
    case "AE":
      return ack("AE", controlId, "\rERR|||207^Application internal error^HL70357|E||||Receiver is read-only");
    case "AR":
      return ack("AR", controlId, "|Unknown message type");
    default:
      return ack(behaviour, controlId);
  }
}

function peer(behaviour: Behaviour) {
  return (socket: net.Socket) => {
    const decoder = new MllpDecoder(1_000_000);
    socket.on("error", () => undefined);
    socket.on("data", (data) => {
      for (const event of decoder.push(data)) {
        if (event.kind !== "frame") continue;
        const message = event.payload.toString();
        received.push(message);
        if (behaviour === "hang-up") return void socket.destroy();
        const answer = reply(behaviour, message);
        // Line breaks before the frame are harmless between MLLP frames; a peer's keep-alive newline must not fail the test.
        if (answer) socket.write(Buffer.concat([Buffer.from("\r\n"), Buffer.from(answer)]));
      }
    });
  };
}

const servers: net.Server[] = [];
const ports = new Map<Behaviour | "tls" | "tls-elsewhere", number>();
let refusedPort = 0;

beforeAll(async () => {
  for (const behaviour of ["AA", "CA", "AE", "AR", "silent", "garbage", "hang-up", "crossed"] as const) {
    ports.set(behaviour, await listenLocally(net.createServer(peer(behaviour)), servers));
  }
  ports.set("tls", await listenLocally(tls.createServer(certificates.local, peer("AA")), servers));
  ports.set("tls-elsewhere", await listenLocally(tls.createServer(certificates.elsewhere, peer("AA")), servers));
  refusedPort = await closedPort(net.createServer());
});

afterAll(() => closeAll(servers));

function mllp(name: Behaviour | "tls" | "tls-elsewhere", options: { host?: string; tls?: boolean } = {}): MllpOutboundEndpoint {
  return { kind: "mllp_outbound", host: options.host ?? "127.0.0.1", port: ports.get(name) ?? 0, tls: options.tls ?? name.startsWith("tls") };
}

describe("HL7 MLLP outbound", () => {
  it("sends an NMD^N02 test message (processing id T) and reads an AA or CA acknowledgement", async () => {
    received.length = 0;
    const accepted = await probeConnection(mllp("AA"), {});
    expect(accepted).toMatchObject({ success: true, outcome: "ok", message: "Test message acknowledged (AA)", details: { ackCode: "AA" } });
    expect(accepted.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await probeConnection(mllp("CA"), {})).toMatchObject({ success: true, details: { ackCode: "CA" } });
    const fields = received[0]?.split("\r")[0]?.split("|") ?? [];
    expect([fields[8], fields[10], fields[11]]).toEqual(["NMD^N02^NMD_N02", "T", "2.5"]);
  });

  it("reports a rejection with the peer's reason (ERR-8 or MSA-3)", async () => {
    const error = await probeConnection(mllp("AE"), {});
    expect(error).toMatchObject({ success: false, outcome: "protocol" });
    expect(error.message).toMatch(/^The MLLP peer 127\.0\.0\.1:\d+ did not accept the test message \(AE, application error: Receiver is read-only\)$/);
    expect((await probeConnection(mllp("AR"), {})).message).toMatch(/\(AR, application reject: Unknown message type\)$/);
  });

  it("reports silence as a timeout within the deadline", async () => {
    const silent = await probeConnection(mllp("silent"), {}, { timeoutMs: 300 });
    expect(silent).toMatchObject({ success: false, outcome: "timeout", latencyMs: 300, message: `The MLLP peer 127.0.0.1:${ports.get("silent")} did not acknowledge the test message in time` });
  });

  it("reports garbage, a hang-up and an acknowledgement of another message as protocol failures", async () => {
    expect(await probeConnection(mllp("garbage"), {}, { timeoutMs: 2_000 })).toMatchObject({ outcome: "protocol", message: expect.stringMatching(/answered bytes that are not an MLLP frame/) });
    expect(await probeConnection(mllp("hang-up"), {}, { timeoutMs: 2_000 })).toMatchObject({ outcome: "protocol", message: expect.stringMatching(/closed the connection/) });
    expect(await probeConnection(mllp("crossed"), {}, { timeoutMs: 2_000 })).toMatchObject({ outcome: "protocol", message: expect.stringMatching(/acknowledged another message/) });
  });

  it("reports a refused port and an unknown host", async () => {
    expect(await probeConnection({ kind: "mllp_outbound", host: "127.0.0.1", port: refusedPort, tls: false }, {})).toMatchObject({ outcome: "refused" });
    expect(await probeConnection({ kind: "mllp_outbound", host: "mllp.invalid", port: 2575, tls: false }, {}, { timeoutMs: 3_000 })).toMatchObject({ outcome: expect.stringMatching(/^(dns|timeout)$/) });
  });

  it("verifies the peer's certificate over TLS: self-signed refused, trusted with its CA, wrong host name refused", async () => {
    const untrusted = await probeConnection(mllp("tls"), {});
    expect(untrusted).toMatchObject({ success: false, outcome: "tls", message: expect.stringMatching(/TLS failed, the certificate is self-signed/) });
    expect(await probeConnection(mllp("tls", { host: "localhost" }), {}, { ca: certificates.local.pem })).toMatchObject({ success: true, outcome: "ok" });
    expect(await probeConnection(mllp("tls-elsewhere", { host: "localhost" }), {}, { ca: certificates.elsewhere.pem })).toMatchObject({ outcome: "tls", message: expect.stringMatching(/not for this host name/) });
    // A plain peer either stays silent (the handshake times out) or answers non-TLS bytes first; both name the cause.
    expect(await probeConnection(mllp("AA", { tls: true }), {}, { timeoutMs: 300 })).toMatchObject({
      success: false,
      message: expect.stringMatching(/did not complete a TLS handshake in time: does that port expect TLS\?|TLS failed, the port does not speak TLS/),
    });
  });

  it("does not dial an inbound feed", async () => {
    expect(await probeConnection({ kind: "mllp_inbound", sendingApplication: "LAB", sendingFacility: "" }, {})).toMatchObject({ success: false, outcome: "not_testable", latencyMs: null });
  });
});
