import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import type net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FhirRestEndpoint, MllpOutboundEndpoint } from "@/lib/connections/endpoint";
import { probeConnection } from "@/lib/connections/probe";
import { closeAll, listenLocally } from "@/lib/connections/probe/test-peers";
import { encodeFrame, MllpDecoder } from "@/lib/hl7/mllp/framing";
import { trustedCertificateAuthorities } from "@/lib/security/certificate-authorities";
import { makeCertificateAuthority } from "@/lib/testing/certificate-authority";

// OUTBOUND_TLS_CA_FILE: a FHIR server and an MLLP peer whose certificates a private CA (made for this run) signed are
// refused until that CA is trusted, then accepted; a certificate for another name stays refused; public roots stay.

const authority = makeCertificateAuthority("Hospital private CA");
const local = authority.issue("localhost", "DNS:localhost,IP:127.0.0.1");
const elsewhere = authority.issue("elsewhere.test");
const folder = mkdtempSync(path.join(tmpdir(), "outbound-ca-"));
const caFile = path.join(folder, "hospital-ca.pem");
writeFileSync(caFile, authority.pem);

const capability = JSON.stringify({ resourceType: "CapabilityStatement", status: "active", fhirVersion: "4.0.1" });
const fhirServer = (certificate: { cert: Buffer; key: Buffer }) =>
  https.createServer(certificate, (_request, response) => response.writeHead(200, { "content-type": "application/fhir+json" }).end(capability));

/** Answers every frame with an AA that names it. */
const mllpPeer = (certificate: { cert: Buffer; key: Buffer }) =>
  tls.createServer(certificate, (socket) => {
    const decoder = new MllpDecoder(1_000_000);
    socket.on("error", () => undefined);
    socket.on("data", (data) => {
      for (const event of decoder.push(data)) {
        if (event.kind !== "frame") continue;
        const controlId = event.payload.toString().split("\r")[0]?.split("|")[9] ?? "";
        socket.write(encodeFrame(`MSH|^~\\&|PEER|PEER|MERIDIAN|MERIDIAN|20260101||ACK|A1|P|2.5\rMSA|AA|${controlId}\r`));
      }
    });
  });

const servers: net.Server[] = [];
const ports = { fhir: 0, fhirElsewhere: 0, mllp: 0, mllpElsewhere: 0 };
beforeAll(async () => {
  ports.fhir = await listenLocally(fhirServer(local), servers);
  ports.fhirElsewhere = await listenLocally(fhirServer(elsewhere), servers);
  ports.mllp = await listenLocally(mllpPeer(local), servers);
  ports.mllpElsewhere = await listenLocally(mllpPeer(elsewhere), servers);
});
afterAll(() => {
  closeAll(servers);
  rmSync(folder, { recursive: true, force: true });
});

const fhir = (port: number): FhirRestEndpoint => ({ kind: "fhir_rest", baseUrl: `https://localhost:${port}/fhir`, fhirVersion: "R4", auth: { type: "none" } });
const mllp = (port: number): MllpOutboundEndpoint => ({ kind: "mllp_outbound", host: "localhost", port, tls: true });

describe("a private CA for outbound TLS (OUTBOUND_TLS_CA_FILE)", () => {
  it("is added to node's public roots, not put in their place", () => {
    const ca = trustedCertificateAuthorities(caFile, "OUTBOUND_TLS_CA_FILE");
    expect(ca).toContain(authority.pem.trim());
    expect(tls.rootCertificates.length).toBeGreaterThan(50);
    expect(tls.rootCertificates.every((root) => ca.includes(root))).toBe(true);
  });

  it("makes a FHIR server and an MLLP peer with its certificates trusted, and only for their own names", async () => {
    const ca = trustedCertificateAuthorities(caFile, "OUTBOUND_TLS_CA_FILE");
    for (const [endpoint, elsewhereEndpoint] of [[fhir(ports.fhir), fhir(ports.fhirElsewhere)], [mllp(ports.mllp), mllp(ports.mllpElsewhere)]] as const) {
      expect(await probeConnection(endpoint, {})).toMatchObject({ success: false, outcome: "tls" });
      expect(await probeConnection(endpoint, {}, { ca })).toMatchObject({ success: true, outcome: "ok" });
      expect(await probeConnection(elsewhereEndpoint, {}, { ca })).toMatchObject({ success: false, outcome: "tls", message: expect.stringMatching(/not for this host name/) });
    }
  });

  it("names the file when it cannot be read or holds no certificate", () => {
    expect(() => trustedCertificateAuthorities(path.join(folder, "missing.pem"), "OUTBOUND_TLS_CA_FILE")).toThrow(`OUTBOUND_TLS_CA_FILE: cannot read ${path.join(folder, "missing.pem")} (ENOENT)`);
    const notPem = path.join(folder, "not.pem");
    writeFileSync(notPem, "hello");
    expect(() => trustedCertificateAuthorities(notPem, "OUTBOUND_TLS_CA_FILE")).toThrow("holds no PEM certificate");
  });
});
