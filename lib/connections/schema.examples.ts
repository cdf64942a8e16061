import type { EMRConnectionCreateInput } from "@/lib/connections/schema";

export const emrConnectionCreateExample = {
  connectionId: "epic-prod",
  name: "Epic (production)",
  emrType: "epic",
  baseUrl: "https://fhir.example-hospital.org/api/FHIR/R4",
  fhirVersion: "R4",
  config: { clientId: "meridian-backend", scopes: ["system/Patient.read"], timeoutMs: 10_000 },
  credentials: { clientSecret: "s3cr3t-value" },
  isActive: true,
} satisfies EMRConnectionCreateInput;

/** A database row as Prisma returns it (BigInt counters, encrypted credentials), plus hasCredentials. */
export const emrConnectionRowExample = {
  id: "5d1e8a2b-9c3f-4e7a-b6d4-0f2c8e1a3b5d",
  connectionId: "epic-prod",
  name: "Epic (production)",
  emrType: "epic",
  baseUrl: "https://fhir.example-hospital.org/api/FHIR/R4",
  fhirVersion: "R4",
  config: { clientId: "meridian-backend" },
  credentialsEncrypted: "v1:aes-256-gcm:ciphertext",
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
  lastTestMessage: "CapabilityStatement fetched",
  lastTestLatencyMs: 140,
  hasCredentials: true,
  createdAt: new Date("2024-01-01T00:00:00.000Z"),
  updatedAt: new Date("2024-05-01T08:00:00.000Z"),
};
