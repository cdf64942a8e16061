import { ProbeFailure } from "@/lib/connections/probe/types";

// Node's socket and TLS error codes, turned into what an admin can act on. The messages name the host and port
// (which the admin typed) and never anything sent to it.

const UNTRUSTED_ISSUER = new Set(["UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"]);
const OTHER_TLS_CODES = /^(CERT_|UNABLE_TO_|ERR_TLS_|ERR_SSL_|EPROTO$)/;

function codeOf(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "";
}

/** OpenSSL's words when the other side answered something other than a TLS handshake. */
const NOT_TLS = /wrong version number|packet length too long|http request/i;

function tlsFailure(code: string, detail: string, where: string): ProbeFailure | null {
  const failure = (why: string) => new ProbeFailure("tls", `${where}: TLS failed, ${why}`);
  if (code === "DEPTH_ZERO_SELF_SIGNED_CERT") return failure("the certificate is self-signed (add its CA to trust it)");
  if (UNTRUSTED_ISSUER.has(code)) return failure(`the certificate is signed by an unknown certificate authority (${code})`);
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return failure("the certificate is not for this host name");
  if (code === "CERT_HAS_EXPIRED") return failure("the certificate has expired");
  if (code === "CERT_NOT_YET_VALID") return failure("the certificate is not valid yet (check the clocks)");
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || (code === "EPROTO" && NOT_TLS.test(detail))) return failure("the port does not speak TLS (plain HTTP or MLLP?)");
  if (OTHER_TLS_CODES.test(code)) return failure(`the certificate or handshake was not accepted (${code})`);
  return null;
}

/** The ProbeFailure for an error thrown while connecting, sending or reading. */
export function networkFailure(error: unknown, where: string, signal: AbortSignal): ProbeFailure {
  if (error instanceof ProbeFailure) return error;
  if (signal.aborted) return new ProbeFailure("timeout", `${where} did not answer in time`);
  const code = codeOf(error);
  if (code === "ECONNREFUSED") return new ProbeFailure("refused", `${where} refused the connection (nothing listens on that port)`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new ProbeFailure("dns", `${where}: the host name could not be resolved`);
  if (code === "ETIMEDOUT" || code === "ABORT_ERR") return new ProbeFailure("timeout", `${where} did not answer in time`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return new ProbeFailure("error", `${where}: no network route to the host (${code})`);
  const tls = tlsFailure(code, error instanceof Error ? error.message : "", where);
  if (tls) return tls;
  if (code === "ECONNRESET" || code === "EPIPE") return new ProbeFailure("protocol", `${where} closed the connection unexpectedly`);
  if (code.startsWith("HPE_")) return new ProbeFailure("protocol", `${where} did not answer HTTP (${code})`);
  return new ProbeFailure("error", `${where}: ${code || (error instanceof Error ? error.message : "unexpected error")}`);
}
