import { encrypt } from "@/lib/crypto";
import type { EMRType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS, DEMO_ANCHOR, type DemoRandom } from "@/lib/seed/demo/context";

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
  config: Prisma.InputJsonObject;
  credentials: (random: DemoRandom) => Record<string, string>;
  hl7: Pick<DemoConnection, "sendingApplication" | "sendingFacility" | "controlIdPrefix" | "sourcePatientId">;
  requests: number;
}

// Config holds only non-secret settings (lib/connections/schema.ts rejects secret-looking keys there);
// everything secret goes into the encrypted credentials.
const SPECS: readonly Spec[] = [
  {
    slug: "epic-main",
    name: "Epic - Main Campus",
    emrType: "epic",
    baseUrl: "https://fhir.main-campus.example.org/api/FHIR/R4",
    config: {
      clientId: "meridian-demo-epic",
      authFlow: "backend-services",
      scopes: ["system/Patient.read", "system/Observation.read", "system/MedicationRequest.read", "system/AllergyIntolerance.read"],
      timeoutMs: 10_000,
      pageSize: 100,
    },
    credentials: (random) => ({
      privateKeyId: `kid-${random.faker.string.alphanumeric(12)}`,
      privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${random.faker.string.alphanumeric(64)}\n-----END PRIVATE KEY-----`,
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
    config: {
      clientId: "meridian-demo-cerner",
      tenantId: "ec2458f2-1e24-41c8-b71b-0e701af7583d",
      scopes: ["system/Patient.read", "system/Observation.read"],
      timeoutMs: 15_000,
    },
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
    config: { authType: "basic", timeoutMs: 20_000, retry: { attempts: 3, backoffMs: 500 } },
    credentials: (random) => ({ username: "meridian-demo", password: random.faker.internet.password({ length: 24 }) }),
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

export function buildConnections(random: DemoRandom, encryptionKey: string): ConnectionSeed {
  const rows: Prisma.EMRConnectionCreateManyInput[] = [];
  const connections: DemoConnection[] = [];
  for (const [index, spec] of SPECS.entries()) {
    const id = random.uuid();
    const failed = Math.round(spec.requests * (0.004 + 0.01 * index));
    const lastTest = new Date(DEMO_ANCHOR.getTime() - (index + 1) * 3 * 3_600_000);
    const healthy = spec.slug !== "fhir-hub";
    rows.push({
      id,
      connectionId: spec.slug,
      name: spec.name,
      emrType: spec.emrType,
      baseUrl: spec.baseUrl,
      fhirVersion: "R4",
      config: { ...spec.config, hl7: { sendingApplication: spec.hl7.sendingApplication, sendingFacility: spec.hl7.sendingFacility } },
      credentialsEncrypted: encrypt(JSON.stringify(spec.credentials(random)), encryptionKey),
      isActive: true,
      isConnected: healthy,
      lastConnectedAt: healthy ? lastTest : new Date(DEMO_ANCHOR.getTime() - 2 * DAY_MS),
      totalRequests: spec.requests,
      successfulRequests: spec.requests - failed,
      failedRequests: failed,
      avgResponseTimeMs: 180 + index * 95,
      lastError: healthy ? null : "GET /metadata timed out after 20000 ms",
      lastTestAt: lastTest,
      lastTestSuccess: healthy,
      lastTestMessage: healthy ? "CapabilityStatement retrieved (FHIR 4.0.1)" : "Connection timed out",
      lastTestLatencyMs: healthy ? 140 + index * 60 : 20_000,
    });
    connections.push({ id, slug: spec.slug, ...spec.hl7 });
  }
  return { rows, connections };
}
