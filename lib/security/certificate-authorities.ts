import { readFileSync } from "node:fs";
import tls from "node:tls";

// A private CA (a hospital's, a managed database's) trusted for one kind of outbound TLS connection. Given as node's
// `ca`, a bundle replaces the public roots, so they are listed with it and public servers stay reachable.

/** Node's public roots followed by the PEM bundle in `file`; throws a sentence naming `variable` and the file when unusable. */
export function trustedCertificateAuthorities(file: string, variable: string): string {
  let bundle: string;
  try {
    bundle = readFileSync(file, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? ` (${String(error.code)})` : "";
    throw new Error(`${variable}: cannot read ${file}${code}`);
  }
  if (!bundle.includes("-----BEGIN CERTIFICATE-----")) throw new Error(`${variable}: ${file} holds no PEM certificate`);
  return [...tls.rootCertificates, bundle].join("\n");
}
