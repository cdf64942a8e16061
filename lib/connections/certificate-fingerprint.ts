import { sha256 } from "@noble/hashes/sha2.js";

// A certificate's SHA-256 fingerprint (over its DER bytes), written like Node's `fingerprint256` and openssl's
// `x509 -fingerprint -sha256`: upper-case hex pairs joined by colons. Pure JavaScript, so the connection form in the
// browser and the server derive the same value from a pasted PEM certificate.

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;
const HEX_FINGERPRINT = /^(?:[0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/;

function colonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

/** The fingerprint of the first certificate in a PEM text, or null when it holds none. */
function pemFingerprint(pem: string): string | null {
  const body = PEM_CERTIFICATE.exec(pem)?.[1]?.replace(/\s+/g, "");
  if (!body) return null;
  try {
    return colonHex(sha256(Uint8Array.from(atob(body), (char) => char.charCodeAt(0))));
  } catch {
    return null;
  }
}

/** A fingerprint (64 hex digits, colons optional, any case) or a PEM certificate as the canonical fingerprint; null when it is neither. */
export function certificateFingerprint(value: string): string | null {
  const text = value.trim();
  if (HEX_FINGERPRINT.test(text)) return text.replaceAll(":", "").toUpperCase().replace(/(..)(?!$)/g, "$1:");
  return pemFingerprint(text);
}
