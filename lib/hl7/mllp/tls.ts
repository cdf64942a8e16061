import { readFileSync } from "node:fs";
import tls from "node:tls";
import { StartupError } from "@/lib/dev/startup-error";
import type { Env } from "@/lib/env";

/** Whether the listener asks senders for a certificate, and whether one signed by MLLP_TLS_CA is a must. */
export type ClientCertificateMode = "none" | "request" | "require";

/** What a TLS MLLP listener is given: its certificate and key, and how it treats client certificates. */
export interface MllpTlsOptions {
  cert: Buffer;
  key: Buffer;
  /** The CA bundle client certificates are checked against. */
  ca?: Buffer;
  clientCertificates: ClientCertificateMode;
}

type TlsEnv = Pick<Env, "MLLP_TLS_CERT" | "MLLP_TLS_KEY" | "MLLP_TLS_CA" | "MLLP_TLS_CLIENT_CERT">;

function readPem(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? ` (${String(error.code)})` : "";
    throw new StartupError(`${variable}: cannot read ${file}${code}`);
  }
}

/**
 * The listener's TLS from MLLP_TLS_* (null: plain TCP), read and checked now so that a missing file, a file that is
 * not PEM or a key that does not match the certificate stops the start with one line saying which. Client
 * certificates are requested by default: a feed that names its sender's certificate can then be checked, and a
 * sender without one still connects.
 */
export function mllpTlsFromEnv(settings: TlsEnv): MllpTlsOptions | null {
  if (!settings.MLLP_TLS_CERT || !settings.MLLP_TLS_KEY) return null;
  const cert = readPem("MLLP_TLS_CERT", settings.MLLP_TLS_CERT);
  const key = readPem("MLLP_TLS_KEY", settings.MLLP_TLS_KEY);
  const ca = settings.MLLP_TLS_CA ? readPem("MLLP_TLS_CA", settings.MLLP_TLS_CA) : undefined;
  try {
    tls.createSecureContext({ cert, key, ca });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`MLLP_TLS_CERT / MLLP_TLS_KEY${ca ? " / MLLP_TLS_CA" : ""} are not a usable PEM certificate, matching key${ca ? " and CA bundle" : ""}: ${reason}`);
  }
  return { cert, key, ca, clientCertificates: settings.MLLP_TLS_CLIENT_CERT ?? "request" };
}

/** node:tls server options: TLS 1.2 at least; a client certificate verified against the CA only when required. */
export function tlsServerOptions(options: MllpTlsOptions): tls.TlsOptions {
  return {
    cert: options.cert,
    key: options.key,
    ...(options.ca ? { ca: options.ca } : {}),
    minVersion: "TLSv1.2",
    requestCert: options.clientCertificates !== "none",
    // "request": any certificate is taken (a feed pins it by fingerprint); "require": none, or an unknown CA's, fails.
    rejectUnauthorized: options.clientCertificates === "require",
  };
}
