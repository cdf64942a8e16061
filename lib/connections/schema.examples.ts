import type { EMRConnectionCreateInput } from "@/lib/connections/schema";

export const emrConnectionCreateExample = {
  connectionId: "epic-prod",
  name: "Epic (production)",
  emrType: "epic",
  endpoint: {
    kind: "fhir_rest",
    baseUrl: "https://fhir.example-hospital.org/api/FHIR/R4",
    fhirVersion: "R4",
    auth: {
      type: "private_key_jwt",
      tokenUrl: "https://fhir.example-hospital.org/oauth2/token",
      clientId: "meridian-backend",
      keyId: "meridian-2026",
      algorithm: "RS384",
      scopes: ["system/Patient.read"],
    },
  },
  config: { timeoutMs: 15_000, contact: "Epic interface team, +1 555 0100" },
  credentials: { privateKeyPem: "-----BEGIN PRIVATE KEY-----\nMIIE…\n-----END PRIVATE KEY-----" },
  isActive: true,
} satisfies EMRConnectionCreateInput;

export const hl7FeedCreateExample = {
  connectionId: "lab-feed",
  name: "Core lab results",
  emrType: "generic_hl7",
  endpoint: { kind: "mllp_inbound", sendingApplication: "LABSYS", sendingFacility: "CORE_LAB" },
} satisfies EMRConnectionCreateInput;

/** A connection as the data layer hands it to EMRConnectionResponse (BigInt counters). */
export const emrConnectionRowExample = {
  id: "5d1e8a2b-9c3f-4e7a-b6d4-0f2c8e1a3b5d",
  connectionId: "epic-prod",
  name: "Epic (production)",
  emrType: "epic",
  endpoint: emrConnectionCreateExample.endpoint,
  baseUrl: "https://fhir.example-hospital.org/api/FHIR/R4",
  fhirVersion: "R4",
  config: { timeoutMs: 10_000, retry: { attempts: 3 } },
  isActive: true,
  isConnected: true,
  lastConnectedAt: new Date("2024-05-01T08:00:00.000Z"),
  totalRequests: BigInt(1200),
  successfulRequests: BigInt(1188),
  failedRequests: BigInt(12),
  avgResponseTimeMs: 182.5,
  lastError: null,
  lastTestAt: new Date("2024-05-01T07:59:00.000Z"),
  lastTestSuccess: true,
  lastTestMessage: "CapabilityStatement received (FHIR 4.0.1)",
  lastTestLatencyMs: 140,
  hasCredentials: true,
  credentialNames: ["privateKeyPem"],
  deactivatedAt: null,
  createdAt: new Date("2024-01-01T00:00:00.000Z"),
  updatedAt: new Date("2024-05-01T08:00:00.000Z"),
};
