import { env } from "@/lib/env";
import { trustedCertificateAuthorities } from "@/lib/security/certificate-authorities";

// Outbound TLS (FHIR servers, their token endpoints, outbound MLLP) always verifies the peer's certificate and name;
// a hospital's private CA is trusted through OUTBOUND_TLS_CA_FILE, besides node's public roots.

let loaded: { file: string; ca: string } | undefined;

/** The `ca` of outbound connections: undefined (node's roots) unless OUTBOUND_TLS_CA_FILE is set; read once. */
export function outboundCertificateAuthorities(): string | undefined {
  const file = env().OUTBOUND_TLS_CA_FILE;
  if (!file) return undefined;
  if (loaded?.file !== file) loaded = { file, ca: trustedCertificateAuthorities(file, "OUTBOUND_TLS_CA_FILE") };
  return loaded.ca;
}
