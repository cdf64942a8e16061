import { z } from "zod";
import { certificateFingerprint } from "@/lib/connections/certificate-fingerprint";
import { ConnectionBaseUrl } from "@/lib/connections/schema-fields";

// Where a connection points and how, one zod schema per kind (a discriminated union on `kind`). Only non-secret
// settings live here; the secrets each auth method needs are the connection's write-only credentials
// (ENDPOINT_SECRETS names them).

const hl7Name = (label: string) =>
  z
    .string()
    .trim()
    .max(180, "At most 180 characters")
    .regex(/^[^|^~\\&\r\n]*$/, `${label} may not contain HL7 delimiters (| ^ ~ \\ &)`);

const Scopes = z
  .array(z.string().trim().min(1).max(200).regex(/^\S+$/, "One scope per entry, no spaces"))
  .max(50)
  .default([])
  .describe("OAuth2 scopes, e.g. system/Patient.read");

export const FhirAuth = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("none") }),
  z.strictObject({ type: z.literal("basic"), username: z.string().trim().min(1, "Required").max(255) }),
  z.strictObject({
    type: z.literal("client_secret"),
    tokenUrl: ConnectionBaseUrl.describe("OAuth2 token endpoint"),
    clientId: z.string().trim().min(1, "Required").max(255),
    scopes: Scopes,
  }),
  z.strictObject({
    type: z.literal("private_key_jwt"),
    tokenUrl: ConnectionBaseUrl.describe("OAuth2 token endpoint"),
    clientId: z.string().trim().min(1, "Required").max(255),
    keyId: z.string().trim().max(255).default("").describe("kid of the signing key registered with the EMR"),
    algorithm: z.enum(["RS384", "ES384"]).default("RS384"),
    scopes: Scopes,
  }),
]);
export type FhirAuth = z.infer<typeof FhirAuth>;
export type FhirAuthType = FhirAuth["type"];

export const FhirRestEndpoint = z.strictObject({
  kind: z.literal("fhir_rest"),
  baseUrl: ConnectionBaseUrl,
  fhirVersion: z.enum(["R4", "R4B"]).default("R4"),
  auth: FhirAuth,
});

export const MllpInboundEndpoint = z.strictObject({
  kind: z.literal("mllp_inbound"),
  sendingApplication: hl7Name("Sending application").min(1, "Required: MSH-3 of the sender's messages"),
  sendingFacility: hl7Name("Sending facility").default("").describe("MSH-4; empty matches any facility"),
  clientCertificateSha256: z
    .string()
    .trim()
    .max(20_000, "At most 20,000 characters")
    .refine((value) => value === "" || certificateFingerprint(value) !== null, "A PEM certificate, or its SHA-256 fingerprint (64 hex digits)")
    .overwrite((value) => (value === "" ? "" : (certificateFingerprint(value) ?? value)))
    .optional()
    .describe("The sender's TLS client certificate (mutual TLS): its SHA-256 fingerprint, or the PEM certificate it is taken from; its messages are refused (AR) over anything else. Absent or empty: none required"),
});

export const MllpOutboundEndpoint = z.strictObject({
  kind: z.literal("mllp_outbound"),
  host: z
    .string()
    .trim()
    .min(1, "Required")
    .max(253)
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "A host name or IP address"),
  port: z.coerce.number().int("A whole number").min(1, "1 to 65535").max(65535, "1 to 65535"),
  tls: z.boolean().default(false),
});

export const ConnectionEndpoint = z.discriminatedUnion("kind", [FhirRestEndpoint, MllpInboundEndpoint, MllpOutboundEndpoint]);
export type ConnectionEndpoint = z.infer<typeof ConnectionEndpoint>;
export type ConnectionEndpointInput = z.input<typeof ConnectionEndpoint>;
export type EndpointKind = ConnectionEndpoint["kind"];
export type FhirRestEndpoint = z.infer<typeof FhirRestEndpoint>;
export type MllpInboundEndpoint = z.infer<typeof MllpInboundEndpoint>;
export type MllpOutboundEndpoint = z.infer<typeof MllpOutboundEndpoint>;

/** The secrets an auth method needs, by credential name (the connection's write-only credentials map). */
export const AUTH_SECRETS: Record<FhirAuthType, readonly string[]> = {
  none: [],
  basic: ["password"],
  client_secret: ["clientSecret"],
  private_key_jwt: ["privateKeyPem"],
};

/** The secrets an endpoint needs to be tested. */
export function requiredSecrets(endpoint: ConnectionEndpoint): readonly string[] {
  return endpoint.kind === "fhir_rest" ? AUTH_SECRETS[endpoint.auth.type] : [];
}
