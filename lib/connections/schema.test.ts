import { describe, expect, it } from "vitest";
import {
  ConnectionConfig,
  ConnectionCredentials,
  EMRConnectionBase,
  EMRConnectionCreate,
  EMRConnectionResponse,
  EMRConnectionUpdate,
} from "@/lib/connections/schema";
import { ConnectionBaseUrl, ConnectionSlug } from "@/lib/connections/schema-fields";
import { emrConnectionCreateExample, emrConnectionRowExample, hl7FeedCreateExample } from "@/lib/connections/schema.examples";
import { expectIssueAt, expectValid, withChanges } from "@/lib/shared-schema/test-helpers";

describe("ConnectionSlug", () => {
  it("accepts lowercase slugs and lowercases input", () => {
    expect(ConnectionSlug.parse("epic-prod")).toBe("epic-prod");
    expect(ConnectionSlug.parse(" Cerner-Test-2 ")).toBe("cerner-test-2");
  });
  it.each(["epic prod", "epic_prod", "-epic", "epic-", "epic--prod", "", "x".repeat(65)])("rejects %j", (value) => {
    expect(ConnectionSlug.safeParse(value).success).toBe(false);
  });
});

describe("ConnectionBaseUrl", () => {
  it("accepts https and loopback http", () => {
    expect(ConnectionBaseUrl.parse(" https://fhir.example.org/R4 ")).toBe("https://fhir.example.org/R4");
    ConnectionBaseUrl.parse("http://localhost:8080/fhir");
    ConnectionBaseUrl.parse("http://127.0.0.1:8080/fhir");
  });
  it.each(["http://fhir.example.org/R4", "ftp://example.org", "fhir.example.org", "not a url"])("rejects %j", (value) => {
    expect(ConnectionBaseUrl.safeParse(value).success).toBe(false);
  });
});

describe("ConnectionConfig", () => {
  it("accepts the named non-secret settings", () => {
    expectValid(ConnectionConfig, { timeoutMs: 15_000, tenantId: "ec2458f2", contact: "Interface desk, +1 555 0100" });
    expectValid(ConnectionConfig, {});
  });
  it("refuses other keys (a secret among them) and out-of-range timeouts", () => {
    expectIssueAt(ConnectionConfig, { clientSecret: "x" }, "");
    expectIssueAt(ConnectionConfig, { timeoutMs: 5 }, "timeoutMs");
    expectIssueAt(ConnectionConfig, { timeoutMs: 60_001 }, "timeoutMs");
    expectIssueAt(ConnectionConfig, { contact: "a\nb" }, "contact");
  });
});

describe("ConnectionCredentials", () => {
  it("accepts the secrets the auth methods use", () => {
    expectValid(ConnectionCredentials, { clientSecret: "s", privateKeyPem: "-----BEGIN PRIVATE KEY-----" });
  });
  it("rejects empty sets, empty and unknown secrets", () => {
    expectIssueAt(ConnectionCredentials, {}, "");
    expectIssueAt(ConnectionCredentials, { clientSecret: "" }, "clientSecret");
    expectIssueAt(ConnectionCredentials, { port: "443" }, "");
  });
});

describe("EMRConnectionBase", () => {
  it("parses a connection without credentials", () => {
    const withoutCredentials = withChanges(emrConnectionCreateExample, { credentials: undefined });
    expect(expectValid(EMRConnectionBase, withoutCredentials)).toEqual(withoutCredentials);
  });
  it("requires connectionId, name, emrType and an endpoint", () => {
    for (const field of ["connectionId", "name", "emrType", "endpoint"]) {
      expectIssueAt(EMRConnectionBase, withChanges(emrConnectionCreateExample, { [field]: undefined }), field);
    }
  });
});

const fhirEndpoint = emrConnectionCreateExample.endpoint;

describe("EMRConnectionCreate", () => {
  it("accepts each kind of endpoint", () => {
    expect(expectValid(EMRConnectionCreate, emrConnectionCreateExample).credentials).toEqual(emrConnectionCreateExample.credentials);
    expect(expectValid(EMRConnectionCreate, hl7FeedCreateExample).endpoint).toEqual({ kind: "mllp_inbound", sendingApplication: "LABSYS", sendingFacility: "CORE_LAB" });
    const outbound = { ...hl7FeedCreateExample, connectionId: "adt-out", endpoint: { kind: "mllp_outbound", host: "interface.example.org", port: "6661" } };
    expect(expectValid(EMRConnectionCreate, outbound).endpoint).toEqual({ kind: "mllp_outbound", host: "interface.example.org", port: 6661, tls: false });
    const open = { ...emrConnectionCreateExample, endpoint: { kind: "fhir_rest", baseUrl: "http://localhost:8080/fhir", auth: { type: "none" } }, credentials: null };
    expect(expectValid(EMRConnectionCreate, open).endpoint).toMatchObject({ fhirVersion: "R4" });
  });

  it.each([
    ["connectionId", "Epic Prod!", "connectionId"],
    ["emrType", "generic-fhir", "emrType"],
    ["endpoint", { ...fhirEndpoint, baseUrl: "http://fhir.example.org" }, "endpoint.baseUrl"],
    ["endpoint", { ...fhirEndpoint, baseUrl: "not a url" }, "endpoint.baseUrl"],
    ["endpoint", { ...fhirEndpoint, auth: { ...fhirEndpoint.auth, tokenUrl: "ftp://x.org" } }, "endpoint.auth.tokenUrl"],
    ["endpoint", { ...fhirEndpoint, auth: { type: "kerberos" } }, "endpoint.auth.type"],
    ["endpoint", { kind: "mllp_inbound", sendingApplication: "" }, "endpoint.sendingApplication"],
    ["endpoint", { kind: "mllp_inbound", sendingApplication: "LAB|X" }, "endpoint.sendingApplication"],
    ["endpoint", { kind: "mllp_outbound", host: "lab.example.org", port: 70000 }, "endpoint.port"],
    ["endpoint", { kind: "mllp_outbound", host: "bad host", port: 2575 }, "endpoint.host"],
    ["endpoint", { kind: "ftp" }, "endpoint.kind"],
    ["config", { timeoutMs: 5 }, "config.timeoutMs"],
    ["config", { password: "x" }, "config"],
    ["config", "fast", "config"],
    ["credentials", "secret", "credentials"],
    ["isActive", "yes", "isActive"],
    ["name", "", "name"],
  ])('rejects %s = %j at "%s"', (field, value, path) => {
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, [field]: value }, path);
  });

  it("requires the secret the endpoint's auth uses, at its credentials key", () => {
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, credentials: null }, "credentials.privateKeyPem");
    const basic = { ...emrConnectionCreateExample, endpoint: { ...fhirEndpoint, auth: { type: "basic", username: "meridian" } }, credentials: { clientSecret: "x" } };
    expectIssueAt(EMRConnectionCreate, basic, "credentials.password");
  });

  it("refuses a secret the endpoint's auth does not use, at its credentials key", () => {
    const basic = { ...emrConnectionCreateExample, endpoint: { ...fhirEndpoint, auth: { type: "basic", username: "meridian" } }, credentials: { password: "p", clientSecret: "x" } };
    expectIssueAt(EMRConnectionCreate, basic, "credentials.clientSecret");
    expectIssueAt(EMRConnectionCreate, { ...hl7FeedCreateExample, credentials: { password: "p" } }, "credentials.password");
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, endpoint: { ...fhirEndpoint, auth: { type: "none" } } }, "credentials.privateKeyPem");
  });

  it("reports unknown and bad credentials at their key", () => {
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, credentials: { privateKeyPem: 5 } }, "credentials.privateKeyPem");
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, credentials: { privateKeyPem: "k", apiToken: "t" } }, "credentials");
  });
});

describe("EMRConnectionUpdate", () => {
  it("accepts any subset; credentials null removes them", () => {
    expect(expectValid(EMRConnectionUpdate, {})).toEqual({});
    expect(expectValid(EMRConnectionUpdate, { isActive: false, credentials: null })).toEqual({ isActive: false, credentials: null });
    expectValid(EMRConnectionUpdate, { credentials: { password: "new" } });
  });
  it("keeps field rules", () => {
    expectIssueAt(EMRConnectionUpdate, { endpoint: { ...fhirEndpoint, baseUrl: "ftp://x.org" } }, "endpoint.baseUrl");
    expectIssueAt(EMRConnectionUpdate, { name: null }, "name");
    expectIssueAt(EMRConnectionUpdate, { credentials: {} }, "credentials");
  });
});

describe("EMRConnectionResponse", () => {
  it("converts BigInt counters and never returns credentials", () => {
    const connection = expectValid(EMRConnectionResponse, { ...emrConnectionRowExample, credentials: { x: "y" }, credentialsEncrypted: "v2.k.ciphertext" });
    expect(connection).toMatchObject({ totalRequests: 1200, successfulRequests: 1188, failedRequests: 12, hasCredentials: true, credentialNames: ["privateKeyPem"] });
    expect(connection).not.toHaveProperty("credentials");
    expect(connection).not.toHaveProperty("credentialsEncrypted");
    expect(connection.config).toEqual({ timeoutMs: 10_000 });
    const older = expectValid(EMRConnectionResponse, { ...emrConnectionRowExample, config: { timeoutMs: 5, contact: "desk", hl7: { sendingApplication: "X" } } });
    expect(older.config).toEqual({ contact: "desk" });
    expect(expectValid(EMRConnectionResponse, { ...emrConnectionRowExample, config: "not an object" }).config).toEqual({});
    expect(JSON.stringify(connection)).not.toContain("ciphertext");
  });
  it("requires hasCredentials, ids, Dates and non-negative counters", () => {
    expectIssueAt(EMRConnectionResponse, withChanges(emrConnectionRowExample, { hasCredentials: undefined }), "hasCredentials");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, id: "epic-prod" }, "id");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, lastTestAt: "2024-05-01" }, "lastTestAt");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, failedRequests: BigInt(-1) }, "failedRequests");
  });
});
