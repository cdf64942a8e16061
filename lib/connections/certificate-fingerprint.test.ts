import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { certificateFingerprint } from "@/lib/connections/certificate-fingerprint";
import { MllpInboundEndpoint } from "@/lib/connections/endpoint";
import { makeTestCertificates } from "@/lib/connections/probe/test-peers";

const { local } = makeTestCertificates();
const expected = new X509Certificate(local.cert).fingerprint256;

describe("certificate fingerprints", () => {
  it("are Node's fingerprint256 of a PEM certificate, and canonical for a typed fingerprint with or without colons", () => {
    expect(certificateFingerprint(local.pem)).toBe(expected);
    expect(certificateFingerprint(`  some text before\n${local.pem}`)).toBe(expected);
    expect(certificateFingerprint(expected.toLowerCase())).toBe(expected);
    expect(certificateFingerprint(expected.replaceAll(":", ""))).toBe(expected);
    expect(certificateFingerprint("AB:CD")).toBeNull();
    expect(certificateFingerprint(local.key.toString())).toBeNull();
  });

  it("are what an inbound feed stores for its expected client certificate, however it was given", () => {
    const feed = (clientCertificateSha256?: string) => MllpInboundEndpoint.safeParse({ kind: "mllp_inbound", sendingApplication: "LAB", clientCertificateSha256 });
    expect(feed(local.pem).data?.clientCertificateSha256).toBe(expected);
    expect(feed(expected.replaceAll(":", "").toLowerCase()).data?.clientCertificateSha256).toBe(expected);
    expect(feed().data?.clientCertificateSha256).toBeUndefined();
    expect(feed("").data?.clientCertificateSha256).toBe("");
    expect(feed("not a certificate").error?.issues[0]?.message).toBe("A PEM certificate, or its SHA-256 fingerprint (64 hex digits)");
  });
});
