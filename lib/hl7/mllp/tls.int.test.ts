import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestHl7 } from "@/lib/hl7/ingest/ingest";
import { mllpContext } from "@/lib/hl7/ingest/mllp-context";
import { connectMllp } from "@/lib/hl7/mllp/client";
import { encodeFrame } from "@/lib/hl7/mllp/framing";
import { startHl7Listener } from "@/lib/hl7/mllp/listener";
import type { MllpServer } from "@/lib/hl7/mllp/server";
import type { ClientCertificateMode } from "@/lib/hl7/mllp/tls";
import { startListenerProcess, type ListenerProcess } from "@/lib/hl7/testing/listener-process";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { makeCertificateAuthority } from "@/lib/testing/certificate-authority";
import { fileQuery } from "@/lib/testing/sql";
import { cli } from "@/scripts/testing/cli-process";

// MLLP over TLS and mutual TLS per feed, against a CA and certificates made for this run (lib/testing/certificate-authority.ts).

isolateCache();
const query = fileQuery();
const ROOT = path.resolve(import.meta.dirname, "../../..");

const authority = makeCertificateAuthority("Meridian test HL7 CA");
const listenerCertificate = authority.issue("localhost", "DNS:localhost,IP:127.0.0.1");
const labSender = authority.issue("lab-sender");
const otherSender = authority.issue("other-sender");
const strangerSender = makeCertificateAuthority("Somebody else's CA").issue("lab-sender");
const labFingerprint = new X509Certificate(labSender.cert).fingerprint256;

const listeners: { close(): Promise<void> }[] = [];
const processes: ListenerProcess[] = [];
const folder = mkdtempSync(path.join(tmpdir(), "mllp-tls-"));

afterAll(async () => {
  for (const listener of listeners) await listener.close();
  for (const child of processes) child.signal("SIGKILL");
  rmSync(folder, { recursive: true, force: true });
});

async function tlsListener(clientCertificates: ClientCertificateMode): Promise<MllpServer> {
  const listener = await startHl7Listener({ host: "127.0.0.1", port: 0, tls: { cert: listenerCertificate.cert, key: listenerCertificate.key, ca: authority.cert, clientCertificates } });
  listeners.push(listener);
  return listener;
}

const message = (application: string, controlId: string) =>
  Buffer.from(`MSH|^~\\&|${application}|TLSHOSP|MERIDIAN|HUB|20261201||ADT^A04|${controlId}|P|2.5.1\rPID|1||T-${controlId}^^^TLSHOSP^MR||Tls^Patient||19800101|F\r`);

/** One message over MLLP (TLS unless `over` is null), answered with its ACK's MSA and ERR segments. */
async function send(port: number, body: Buffer, over: tls.ConnectionOptions | null): Promise<string[]> {
  const client = await connectMllp("localhost", port, { replyTimeoutMs: 30_000, ...(over ? { tls: over } : {}) });
  try {
    const reply = await client.send(body);
    return reply.toString().split("\r").filter((segment) => /^(MSA|ERR)/.test(segment));
  } finally {
    await client.close();
  }
}

const trusting = (certificate?: { cert: Buffer; key: Buffer }): tls.ConnectionOptions => ({ ca: authority.pem, ...(certificate ? { cert: certificate.cert, key: certificate.key } : {}) });

let feedId: string;
beforeAll(async () => {
  // Before any message: the attribution reads the feeds on first use.
  const [feed] = await query<{ id: string }>(
    `INSERT INTO emr_connections (connection_id, name, emr_type, endpoint_kind, endpoint, is_active, updated_at)
     VALUES ('lab-tls', 'Lab over mutual TLS', 'generic_hl7', 'mllp_inbound', $1, true, now()) RETURNING id`,
    [JSON.stringify({ kind: "mllp_inbound", sendingApplication: "LABTLS", sendingFacility: "", clientCertificateSha256: labFingerprint })],
  );
  if (!feed) throw new Error("no feed");
  feedId = feed.id;
});

async function stored(controlId: string): Promise<number> {
  const [row] = await query<{ n: number }>("SELECT count(*)::int AS n FROM hl7_messages WHERE message_control_id = $1", [controlId]);
  return row?.n ?? 0;
}

describe("MLLP over TLS", () => {
  it("acknowledges a message over TLS once the client has verified the listener's certificate against the CA", async () => {
    const { port } = await tlsListener("request");
    expect(await send(port, message("OPENLAB", "TLS-1"), trusting())).toEqual(["MSA|AA|TLS-1"]);
    expect(await stored("TLS-1")).toBe(1);
  });

  it("fails cleanly for plain TCP to the TLS port and for a client that does not trust the listener's CA", async () => {
    const { port } = await tlsListener("request");
    const plain = net.connect({ host: "127.0.0.1", port });
    const received: Buffer[] = [];
    plain.on("data", (data: Buffer) => received.push(data));
    plain.on("error", () => undefined);
    plain.write(encodeFrame(message("OPENLAB", "TLS-PLAIN")));
    await new Promise((resolve) => plain.once("close", resolve));
    expect(Buffer.concat(received).toString()).not.toContain("MSA");
    await expect(send(port, message("OPENLAB", "TLS-UNTRUSTED"), {})).rejects.toThrow(/unable to verify|self.signed|issuer/i);
    expect(await stored("TLS-PLAIN")).toBe(0);
    expect(await stored("TLS-UNTRUSTED")).toBe(0);
  });
});

describe("mutual TLS per feed", () => {
  it("takes the feed's messages from a session with the certificate it names", async () => {
    const { port } = await tlsListener("request");
    expect(await send(port, message("LABTLS", "MTLS-OK"), trusting(labSender))).toEqual(["MSA|AA|MTLS-OK"]);
    const [row] = await query<{ connection_id: string }>("SELECT connection_id FROM hl7_messages WHERE message_control_id = 'MTLS-OK' AND direction = 'inbound'");
    expect(row?.connection_id).toBe(feedId);
  });

  it("refuses them (AR, the sender not authorised) with another certificate of the same CA, with none, over plain TCP and over HTTP: nothing stored, each refusal audited", async () => {
    const { port } = await tlsListener("request");
    const plainListener = await startHl7Listener({ host: "127.0.0.1", port: 0, tls: null });
    listeners.push(plainListener);
    const refused = [
      await send(port, message("LABTLS", "MTLS-OTHER"), trusting(otherSender)),
      await send(port, message("LABTLS", "MTLS-NONE"), trusting()),
      await send(plainListener.port, message("LABTLS", "MTLS-PLAIN"), null),
    ];
    const overHttp = await ingestHl7(message("LABTLS", "MTLS-HTTP"), { transport: "http", ctx: mllpContext({ address: "10.9.9.9", port: 443 }, 443) });
    refused.push(overHttp.response.toString().split("\r").filter((segment) => /^(MSA|ERR)/.test(segment)));
    for (const [answer, controlId] of refused.map((answer, index) => [answer, ["MTLS-OTHER", "MTLS-NONE", "MTLS-PLAIN", "MTLS-HTTP"][index]] as const)) {
      expect(answer[0]).toBe(`MSA|AR|${controlId}`);
      expect(answer[1]).toMatch(/^ERR\|\|\|207\^Application internal error\^HL70357\|E\|\|\|\|The sender is not authorised: /);
      expect(await stored(controlId ?? "")).toBe(0);
    }
    expect(refused[0]?.[1]).toContain("not the one this feed expects");
    expect(refused[1]?.[1]).toContain("none was presented");
    expect(refused[3]?.[1]).toContain("only over MLLP with TLS");
    const [patients] = await query<{ n: number }>("SELECT count(*)::int AS n FROM patients WHERE mrn LIKE 'T-MTLS-%' AND mrn <> 'T-MTLS-OK'");
    expect(patients?.n).toBe(0);
    const audits = await query<{ control_id: string; status_code: number; outcome: string; resource_id: string }>(
      "SELECT details->>'controlId' AS control_id, status_code, status AS outcome, resource_id FROM audit_logs WHERE action = 'hl7.received' AND details->>'refused' = 'client_certificate' ORDER BY id",
    );
    expect(audits).toEqual(["MTLS-OTHER", "MTLS-NONE", "MTLS-PLAIN", "MTLS-HTTP"].map((controlId) => ({ control_id: controlId, status_code: 403, outcome: "failure", resource_id: feedId })));
  });

  it("with MLLP_TLS_CLIENT_CERT=require, fails the handshake of a client whose certificate another CA signed, or that has none", async () => {
    const { port } = await tlsListener("require");
    // TLS 1.3: the client finishes its side first, then the listener's alert (or its close) ends the session unanswered.
    await expect(send(port, message("OPENLAB", "REQ-STRANGER"), trusting(strangerSender))).rejects.toThrow(/unknown ca|closed before an acknowledgement/);
    await expect(send(port, message("OPENLAB", "REQ-NONE"), trusting())).rejects.toThrow(/certificate required|closed before an acknowledgement/);
    expect(await send(port, message("LABTLS", "REQ-LAB"), trusting(labSender))).toEqual(["MSA|AA|REQ-LAB"]);
    expect(await stored("REQ-STRANGER")).toBe(0);
    expect(await stored("REQ-NONE")).toBe(0);
  });
});

/** `npm run mllp` with `env`, expected to refuse to start: its exit code and what it printed. */
function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MLLP_PORT: "0", MLLP_HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env };
  for (const name of Object.keys(childEnv)) if (name.startsWith("MLLP_TLS_") && !(name in env)) delete childEnv[name];
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "scripts/mllp.ts")], {
    cwd: ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output: output.trim() })));
}

describe("the MLLP listener process over TLS", () => {
  const file = (name: string, content: Buffer | string) => {
    const target = path.join(folder, name);
    writeFileSync(target, content, { mode: 0o600 });
    return target;
  };

  it("starts on MLLP_TLS_CERT / MLLP_TLS_KEY / MLLP_TLS_CA and takes the feed's messages with its certificate", async () => {
    const env = { MLLP_TLS_CERT: file("listener.crt", listenerCertificate.cert), MLLP_TLS_KEY: file("listener.key", listenerCertificate.key), MLLP_TLS_CA: file("ca.pem", authority.cert) };
    const child = await startListenerProcess(process.env.DATABASE_URL ?? "", undefined, env);
    processes.push(child);
    expect(child.output()).toContain("(TLS)");
    expect(await send(child.port, message("LABTLS", "PROC-LAB"), trusting(labSender))).toEqual(["MSA|AA|PROC-LAB"]);
    // The CLI as a sender: with the feed's certificate, then without one.
    const messages = file("messages.hl7", message("LABTLS", "CLI-TLS-1"));
    const tlsArgs = ["--host", "localhost", "--port", String(child.port), "--ca", env.MLLP_TLS_CA];
    const accepted = await cli(["hl7", "send", messages, ...tlsArgs, "--cert", file("lab.crt", labSender.cert), "--key", file("lab.key", labSender.key)]);
    expect(accepted.stdout, accepted.stderr).toContain("AA CLI-TLS-1");
    expect(accepted.status).toBe(0);
    const refused = await cli(["hl7", "send", file("more.hl7", message("LABTLS", "CLI-TLS-2")), ...tlsArgs]);
    expect(refused.stdout, refused.stderr).toContain("AR CLI-TLS-2 — The sender is not authorised");
    expect(refused.status).toBe(1);
  }, 120_000);

  it("refuses to start, in one line, on half a configuration, an unreadable or invalid file, or require without a CA", async () => {
    const cert = file("good.crt", listenerCertificate.cert);
    const key = file("good.key", listenerCertificate.key);
    const cases: [Record<string, string>, string][] = [
      [{ MLLP_TLS_CERT: cert }, "MLLP_TLS_KEY: MLLP_TLS_CERT and MLLP_TLS_KEY go together"],
      [{ MLLP_TLS_CERT: cert, MLLP_TLS_KEY: path.join(folder, "missing.key") }, `MLLP_TLS_KEY: cannot read ${path.join(folder, "missing.key")} (ENOENT)`],
      [{ MLLP_TLS_CERT: file("not-pem.crt", "hello"), MLLP_TLS_KEY: key }, "are not a usable PEM certificate, matching key"],
      [{ MLLP_TLS_CERT: cert, MLLP_TLS_KEY: file("other.key", otherSender.key) }, "are not a usable PEM certificate, matching key"],
      [{ MLLP_TLS_CERT: cert, MLLP_TLS_KEY: key, MLLP_TLS_CLIENT_CERT: "require" }, `MLLP_TLS_CLIENT_CERT: "require" needs MLLP_TLS_CA`],
    ];
    for (const [env, expected] of cases) {
      const { code, output } = await failedStart(env);
      expect(code).toBe(1);
      expect(output).toContain(expected);
      expect(output.split("\n")).toHaveLength(1);
    }
  }, 180_000);
});
