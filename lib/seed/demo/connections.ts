import type { Keyring } from "@/lib/secrets/keyring";
import type { EMRType } from "@/lib/generated/prisma/enums";
import type { FhirAuth } from "@/lib/connections/endpoint";
import type { ConnectionConfig } from "@/lib/connections/schema";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS, DEMO_ANCHOR, type DemoRandom } from "@/lib/seed/demo/context";
import { deterministicUuid } from "@/lib/seed/random";

/** The HL7 v2 identity of a connection's feed (MSH-3 / MSH-4) and how its EMR numbers patients. */
export interface DemoConnection {
  id: string;
  slug: "epic-main" | "cerner-east" | "fhir-hub";
  sendingApplication: string;
  sendingFacility: string;
  controlIdPrefix: string;
  sourcePatientId: (n: number) => string;
}

export const CONNECTION_SLUGS = ["epic-main", "cerner-east", "fhir-hub"] as const;

interface Spec {
  slug: DemoConnection["slug"];
  name: string;
  emrType: EMRType;
  baseUrl: string;
  auth: FhirAuth;
  config: ConnectionConfig;
  credentials: (random: DemoRandom) => Record<string, string>;
  hl7: Pick<DemoConnection, "sendingApplication" | "sendingFacility" | "controlIdPrefix" | "sourcePatientId">;
  requests: number;
}

// Config holds only the named non-secret settings (lib/connections/schema.ts); everything secret goes into the
// encrypted credentials.
const SPECS: readonly Spec[] = [
  {
    slug: "epic-main",
    name: "Epic - Main Campus",
    emrType: "epic",
    baseUrl: "https://fhir.main-campus.example.org/api/FHIR/R4",
    auth: {
      type: "private_key_jwt",
      tokenUrl: "https://fhir.main-campus.example.org/oauth2/token",
      clientId: "meridian-demo-epic",
      keyId: "meridian-demo-2026",
      algorithm: "RS384",
      scopes: ["system/Patient.read", "system/Observation.read", "system/MedicationRequest.read", "system/AllergyIntolerance.read"],
    },
    config: { timeoutMs: 10_000 },
    // Two draws, as the seed has always made for this key: the demo data after it stays the same.
    credentials: (random) => ({
      privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${random.faker.string.alphanumeric(12)}${random.faker.string.alphanumeric(64)}\n-----END PRIVATE KEY-----`,
    }),
    hl7: {
      sendingApplication: "EPIC",
      sendingFacility: "MAIN_CAMPUS",
      controlIdPrefix: "EP",
      sourcePatientId: (n) => `E${4_100_000 + n * 7}`,
    },
    requests: 48_210,
  },
  {
    slug: "cerner-east",
    name: "Cerner - East Regional",
    emrType: "cerner",
    baseUrl: "https://fhir-east.cerner.example.org/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d",
    auth: {
      type: "client_secret",
      tokenUrl: "https://authorization.cerner.example.org/tenants/ec2458f2-1e24-41c8-b71b-0e701af7583d/protocols/oauth2/profiles/smart-v1/token",
      clientId: "meridian-demo-cerner",
      scopes: ["system/Patient.read", "system/Observation.read"],
    },
    config: { tenantId: "ec2458f2-1e24-41c8-b71b-0e701af7583d", timeoutMs: 15_000 },
    credentials: (random) => ({ clientSecret: random.faker.string.alphanumeric(40) }),
    hl7: {
      sendingApplication: "MILLENNIUM",
      sendingFacility: "EAST_REGIONAL",
      controlIdPrefix: "CE",
      sourcePatientId: (n) => String(12_724_000 + n * 13),
    },
    requests: 21_904,
  },
  {
    slug: "fhir-hub",
    name: "Community FHIR Hub",
    emrType: "generic_fhir",
    baseUrl: "https://hub.fhir.example.net/fhir",
    auth: { type: "basic", username: "meridian-demo" },
    config: { timeoutMs: 20_000, contact: "Hub interface desk, +1 555 0100" },
    credentials: (random) => ({ password: random.faker.internet.password({ length: 24 }) }),
    hl7: {
      sendingApplication: "HUB",
      sendingFacility: "COMMUNITY_HUB",
      controlIdPrefix: "HB",
      sourcePatientId: (n) => `hub-${String(n).padStart(6, "0")}`,
    },
    requests: 6_377,
  },
];

export interface ConnectionSeed {
  rows: Prisma.EMRConnectionCreateManyInput[];
  connections: DemoConnection[];
}

// The feeds' ids come from their own sequence, not from `random`: every draw from it would shift the demo data that
// follows (the patients the browser tests look for by name and MRN).
const FEED_ID_SEED = 0x4c7;

/**
 * Each EMR as two connections, as a hospital runs them: its FHIR API (tested, with its secrets) and its HL7 feed
 * (inbound, attributed by sending application and facility), plus one outbound feed to a lab system and a retired
 * connection kept deactivated with its history.
 */
export function buildConnections(random: DemoRandom, keyring: Keyring): ConnectionSeed {
  const rows: Prisma.EMRConnectionCreateManyInput[] = [];
  const connections: DemoConnection[] = [];
  for (const [index, spec] of SPECS.entries()) {
    const failed = Math.round(spec.requests * (0.004 + 0.01 * index));
    const lastTest = new Date(DEMO_ANCHOR.getTime() - (index + 1) * 3 * 3_600_000);
    const healthy = spec.slug !== "fhir-hub";
    rows.push({
      id: random.uuid(),
      connectionId: spec.slug,
      name: spec.name,
      emrType: spec.emrType,
      endpointKind: "fhir_rest",
      endpoint: { kind: "fhir_rest", baseUrl: spec.baseUrl, fhirVersion: "R4", auth: spec.auth },
      baseUrl: spec.baseUrl,
      fhirVersion: "R4",
      config: spec.config,
      ...sealedCredentials(spec.credentials(random), keyring),
      isActive: true,
      isConnected: healthy,
      lastConnectedAt: healthy ? lastTest : new Date(DEMO_ANCHOR.getTime() - 2 * DAY_MS),
      totalRequests: spec.requests,
      successfulRequests: spec.requests - failed,
      failedRequests: failed,
      avgResponseTimeMs: 180 + index * 95,
      lastError: healthy ? null : "The FHIR server hub.fhir.example.net did not answer in time",
      lastTestAt: lastTest,
      lastTestSuccess: healthy,
      lastTestMessage: healthy ? "CapabilityStatement received (FHIR 4.0.1)" : "The FHIR server hub.fhir.example.net did not answer in time",
      lastTestLatencyMs: healthy ? 140 + index * 60 : 20_000,
    });
    const feedId = deterministicUuid(FEED_ID_SEED, index, 1);
    rows.push({
      id: feedId,
      connectionId: `${spec.slug}-hl7`,
      name: `${spec.name} (HL7 feed)`,
      emrType: spec.emrType,
      endpointKind: "mllp_inbound",
      endpoint: { kind: "mllp_inbound", sendingApplication: spec.hl7.sendingApplication, sendingFacility: spec.hl7.sendingFacility },
      isActive: true,
      isConnected: true,
      lastConnectedAt: lastTest,
    });
    connections.push({ id: feedId, slug: spec.slug, ...spec.hl7 });
  }
  rows.push({
    id: deterministicUuid(FEED_ID_SEED, SPECS.length, 2),
    connectionId: "core-lab-out",
    name: "Core lab orders (outbound)",
    emrType: "generic_hl7",
    endpointKind: "mllp_outbound",
    endpoint: { kind: "mllp_outbound", host: "interface.core-lab.example.org", port: 6661, tls: true },
    isActive: true,
  });
  rows.push({
    id: deterministicUuid(FEED_ID_SEED, SPECS.length + 1, 3),
    connectionId: "allscripts-legacy",
    name: "Allscripts - Legacy Clinic HL7 feed (retired)",
    emrType: "allscripts",
    endpointKind: "mllp_inbound",
    endpoint: { kind: "mllp_inbound", sendingApplication: "ALLSCRIPTS", sendingFacility: "LEGACY_CLINIC" },
    config: { contact: "Legacy clinic IT (closed)" },
    isActive: false,
    deactivatedAt: new Date(DEMO_ANCHOR.getTime() - 30 * DAY_MS),
  });
  return { rows, connections };
}

function sealedCredentials(credentials: Record<string, string>, keyring: Keyring): { credentialsEncrypted: string; credentialsKeyId: string } {
  const sealed = keyring.seal(JSON.stringify(credentials));
  return { credentialsEncrypted: sealed.ciphertext, credentialsKeyId: sealed.keyId };
}
