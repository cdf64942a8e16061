import { describe, expect, it } from "vitest";
import { networkFailure } from "@/lib/connections/probe/network-errors";
import { ProbeFailure } from "@/lib/connections/probe/types";

// Codes the local test servers cannot easily provoke (clock skew, unreachable networks, a non-HTTP answer).

function codeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const where = "The FHIR server ehr.example:443";
const live = new AbortController().signal;

describe("networkFailure", () => {
  it.each([
    ["CERT_NOT_YET_VALID", "tls", /not valid yet \(check the clocks\)/],
    ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "tls", /signed by an unknown certificate authority/],
    ["SELF_SIGNED_CERT_IN_CHAIN", "tls", /signed by an unknown certificate authority/],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls", /not for this host name/],
    ["CERT_REVOKED", "tls", /not accepted \(CERT_REVOKED\)/],
    ["EAI_AGAIN", "dns", /could not be resolved/],
    ["EHOSTUNREACH", "error", /no network route to the host/],
    ["ECONNRESET", "protocol", /closed the connection unexpectedly/],
    ["HPE_INVALID_CONSTANT", "protocol", /did not answer HTTP/],
  ])("%s → %s", (code, outcome, message) => {
    const failure = networkFailure(codeError(code), where, live);
    expect(failure.outcome).toBe(outcome);
    expect(failure.message).toMatch(message);
    expect(failure.message.startsWith(where)).toBe(true);
  });

  it("calls anything after the deadline a timeout, and keeps a failure already understood", () => {
    expect(networkFailure(codeError("ECONNRESET"), where, AbortSignal.abort()).outcome).toBe("timeout");
    const understood = new ProbeFailure("unauthorized", "refused");
    expect(networkFailure(understood, where, live)).toBe(understood);
  });

  it("tells an answer that is not TLS from other handshake failures", () => {
    expect(networkFailure(codeError("EPROTO", "SSL routines:ssl3_get_record:wrong version number"), where, live).message).toMatch(/does not speak TLS/);
    expect(networkFailure(codeError("EPROTO", "sslv3 alert handshake failure"), where, live).message).toMatch(/handshake was not accepted \(EPROTO\)/);
  });
});
