import { describe, expect, it } from "vitest";
import {
  ConnectionBaseUrl,
  ConnectionConfig,
  ConnectionCredentials,
  ConnectionSlug,
  EMRConnectionBase,
  EMRConnectionCreate,
  EMRConnectionResponse,
  EMRConnectionUpdate,
} from "@/lib/connections/schema";
import { emrConnectionCreateExample, emrConnectionRowExample } from "@/lib/connections/schema.examples";
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
  it("accepts non-secret settings", () => {
    expectValid(ConnectionConfig, { clientId: "abc", scopes: ["a"], retry: { max: 3 } });
  });
  it("rejects secret-looking keys at their path", () => {
    expectIssueAt(ConnectionConfig, { clientSecret: "x" }, "clientSecret");
    expectIssueAt(ConnectionConfig, { auth: { password: "x" } }, "auth.password");
    expectIssueAt(ConnectionConfig, { api_key: "x" }, "api_key");
  });
});

describe("ConnectionCredentials", () => {
  it("accepts a map of secrets", () => {
    expectValid(ConnectionCredentials, { clientSecret: "s", privateKey: "-----BEGIN PRIVATE KEY-----" });
  });
  it("rejects empty maps, empty and non-string secrets", () => {
    expectIssueAt(ConnectionCredentials, {}, "");
    expectIssueAt(ConnectionCredentials, { clientSecret: "" }, "clientSecret");
    expectIssueAt(ConnectionCredentials, { port: 443 }, "port");
  });
});

describe("EMRConnectionBase", () => {
  it("parses a connection without credentials", () => {
    expect(expectValid(EMRConnectionBase, emrConnectionCreateExample)).toEqual(
      withChanges(emrConnectionCreateExample, { credentials: undefined }),
    );
  });
  it("requires connectionId, name and emrType", () => {
    for (const field of ["connectionId", "name", "emrType"]) {
      expectIssueAt(EMRConnectionBase, withChanges(emrConnectionCreateExample, { [field]: undefined }), field);
    }
  });
});

describe("EMRConnectionCreate", () => {
  it("accepts credentials and a minimal connection", () => {
    expect(expectValid(EMRConnectionCreate, emrConnectionCreateExample).credentials).toEqual({ clientSecret: "s3cr3t-value" });
    expectValid(EMRConnectionCreate, { connectionId: "hl7-feed", name: "Lab feed", emrType: "generic_hl7" });
  });

  it.each([
    ["connectionId", "Epic Prod!"],
    ["emrType", "generic-fhir"],
    ["baseUrl", "http://fhir.example.org"],
    ["baseUrl", "not a url"],
    ["config", ["a"]],
    ["credentials", "secret"],
    ["isActive", "yes"],
    ["name", ""],
  ])("rejects %s = %j", (field, value) => {
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, [field]: value }, field);
  });

  it("reports secrets in config and bad credential values at their key", () => {
    expectIssueAt(EMRConnectionCreate, { ...emrConnectionCreateExample, config: { token: "abc" } }, "config.token");
    expectIssueAt(
      EMRConnectionCreate,
      { ...emrConnectionCreateExample, credentials: { clientSecret: 5 } },
      "credentials.clientSecret",
    );
  });
});

describe("EMRConnectionUpdate", () => {
  it("accepts any subset; credentials null removes them", () => {
    expect(expectValid(EMRConnectionUpdate, {})).toEqual({});
    expect(expectValid(EMRConnectionUpdate, { isActive: false, credentials: null })).toEqual({
      isActive: false,
      credentials: null,
    });
    expectValid(EMRConnectionUpdate, { credentials: { password: "new" } });
  });
  it("keeps field rules", () => {
    expectIssueAt(EMRConnectionUpdate, { baseUrl: "ftp://x.org" }, "baseUrl");
    expectIssueAt(EMRConnectionUpdate, { name: null }, "name");
    expectIssueAt(EMRConnectionUpdate, { credentials: {} }, "credentials");
  });
});

describe("EMRConnectionResponse", () => {
  it("converts BigInt counters and never returns credentials", () => {
    const connection = expectValid(EMRConnectionResponse, { ...emrConnectionRowExample, credentials: { x: "y" } });
    expect(connection).toMatchObject({ totalRequests: 1200, successfulRequests: 1188, failedRequests: 12, hasCredentials: true });
    expect(connection).not.toHaveProperty("credentials");
    expect(connection).not.toHaveProperty("credentialsEncrypted");
    expect(JSON.stringify(connection)).not.toContain("ciphertext");
  });
  it("requires hasCredentials, ids, Dates and non-negative counters", () => {
    expectIssueAt(EMRConnectionResponse, withChanges(emrConnectionRowExample, { hasCredentials: undefined }), "hasCredentials");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, id: "epic-prod" }, "id");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, lastTestAt: "2024-05-01" }, "lastTestAt");
    expectIssueAt(EMRConnectionResponse, { ...emrConnectionRowExample, failedRequests: BigInt(-1) }, "failedRequests");
  });
});
