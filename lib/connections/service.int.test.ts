import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOne, PATCH } from "@/app/api/v1/connections/[connectionId]/route";
import { POST as postTest } from "@/app/api/v1/connections/[connectionId]/test/route";
import { GET as list, POST as create } from "@/app/api/v1/connections/route";
import { ConnectionListCriteria } from "@/lib/connections/criteria";
import { getConnection, listConnections } from "@/lib/connections/queries";
import { EMRConnectionCreate } from "@/lib/connections/schema";
import { createConnection, setConnectionActive, updateConnection } from "@/lib/connections/service";
import { testConnection } from "@/lib/connections/testing";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { createApiKey } from "@/lib/seed/accounts";
import { contextFor } from "@/lib/testing/auth-context";
import { fileQuery } from "@/lib/testing/sql";

// Connections as an admin and a script use them: through the service and the JSON API, tested against a real local
// FHIR server, audited with old and new values, and never giving a secret back.

isolateCache();
const query = fileQuery();

const SECRET = "s3cret-client-value-8d1f";
let fhirBase = "";
const server = http.createServer((request, response) => {
  if (request.url === "/token") {
    const ok = request.headers.authorization === `Basic ${Buffer.from(`meridian:${SECRET}`).toString("base64")}`;
    response.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(ok ? { access_token: "tok" } : {}));
    return;
  }
  const ok = request.headers.authorization === "Bearer tok";
  response.writeHead(ok ? 200 : 401, { "content-type": "application/fhir+json" }).end(ok ? JSON.stringify({ resourceType: "CapabilityStatement", fhirVersion: "4.0.1", software: { name: "LocalFHIR" } }) : "{}");
});

let adminKey = "";
let complianceKey = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fhirBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  adminKey = (await createApiKey({ name: "connections admin", role: "admin" })).key;
  complianceKey = (await createApiKey({ name: "connections compliance", role: "compliance" })).key;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fhirInput = (connectionId: string, secret = SECRET) =>
  EMRConnectionCreate.parse({
    connectionId,
    name: "Local Epic",
    emrType: "epic",
    endpoint: { kind: "fhir_rest", baseUrl: `${fhirBase}/fhir`, auth: { type: "client_secret", tokenUrl: `${fhirBase}/token`, clientId: "meridian" } },
    credentials: { clientSecret: secret },
  });

async function call<P extends Record<string, string>>(handler: (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>, path: string, init: { method?: string; key: string; body?: unknown; params?: P }) {
  const request = new NextRequest(new URL(path, "http://localhost"), {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.key}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? ({} as P)) });
  const text = await response.text();
  return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

describe("connections service", () => {
  it("creates, tests, lists, edits and deactivates a FHIR connection, auditing each change without secrets", async () => {
    const admin = contextFor("admin");
    const created = await createConnection(admin, fhirInput("local-epic"));
    expect(created).toMatchObject({ connectionId: "local-epic", baseUrl: `${fhirBase}/fhir`, fhirVersion: "R4", hasCredentials: true, credentialNames: ["clientSecret"] });

    const test = await testConnection(admin, created.id);
    expect(test).toMatchObject({ success: true, outcome: "ok", message: "CapabilityStatement received (FHIR 4.0.1, LocalFHIR)" });
    const listed = await listConnections(admin, ConnectionListCriteria.parse({ q: "local" }));
    expect(listed.data).toEqual([expect.objectContaining({ connectionId: "local-epic", isConnected: true, lastTestSuccess: true, kind: "fhir_rest" })]);

    await updateConnection(admin, created.id, { credentials: { clientSecret: "a-wrong-secret-value" } });
    expect(await testConnection(admin, created.id)).toMatchObject({ success: false, outcome: "unauthorized" });
    const [down] = await query<{ is_connected: boolean; last_error: string }>("SELECT is_connected, last_error FROM emr_connections WHERE id = $1", [created.id]);
    expect(down?.is_connected).toBe(false);
    expect(down?.last_error).toMatch(/refused the client's credentials/);

    await updateConnection(admin, created.id, { name: "Local Epic (renamed)" });
    await setConnectionActive(admin, created.id, false);
    await expect(setConnectionActive(admin, created.id, false)).rejects.toMatchObject({ code: "CONFLICT" });

    const audit = await query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_logs WHERE resource_id = $1 ORDER BY id",
      [created.id],
    );
    expect(audit.map((row) => row.action)).toEqual(["connection.created", "connection.tested", "connection.updated", "connection.tested", "connection.updated", "connection.deactivated"]);
    expect(audit[4]?.details).toMatchObject({ changes: { name: { from: "Local Epic", to: "Local Epic (renamed)" } } });
    expect(audit[2]?.details).toMatchObject({ credentials: { set: ["clientSecret"] } });
    const everything = JSON.stringify(audit);
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain("a-wrong-secret-value");

    const history = await query<{ count: string }>("SELECT count(*) FROM connection_tests WHERE connection_id = $1", [created.id]);
    expect(Number(history[0]?.count)).toBe(2);
  });

  it("keeps only the last 20 tests", async () => {
    const admin = contextFor("admin");
    const created = await createConnection(admin, fhirInput("history-epic"));
    for (let i = 0; i < 22; i += 1) await testConnection(admin, created.id);
    const [row] = await query<{ count: string }>("SELECT count(*) FROM connection_tests WHERE connection_id = $1", [created.id]);
    expect(Number(row?.count)).toBe(20);
  });

  it("refuses a duplicate id, a missing secret, and callers without the permission", async () => {
    const admin = contextFor("admin");
    await createConnection(admin, fhirInput("dup-epic"));
    await expect(createConnection(admin, fhirInput("dup-epic"))).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: { connectionId: [expect.any(String)] } });
    const basic = await createConnection(admin, EMRConnectionCreate.parse({ connectionId: "hub", name: "Hub", emrType: "generic_fhir", endpoint: { kind: "fhir_rest", baseUrl: `${fhirBase}/fhir`, auth: { type: "none" } } }));
    await expect(updateConnection(admin, basic.id, { endpoint: { kind: "fhir_rest", baseUrl: `${fhirBase}/fhir`, fhirVersion: "R4", auth: { type: "basic", username: "m" } } })).rejects.toMatchObject({
      code: "INVALID",
      fieldErrors: { "credentials.password": [expect.any(String)] },
    });
    await expect(createConnection(contextFor("compliance"), fhirInput("nope"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listConnections(contextFor("clinician"), ConnectionListCriteria.parse({}))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("asks again for secrets sealed with a key no longer configured, and replaces them", async () => {
    const admin = contextFor("admin");
    const created = await createConnection(admin, fhirInput("retired-key-epic"));
    await query("UPDATE emr_connections SET credentials_encrypted = 'v2.retired-2019.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA', credentials_key_id = 'retired-2019' WHERE id = $1", [created.id]);
    const { connection } = await getConnection(admin, created.id);
    expect(connection).toMatchObject({ hasCredentials: true, credentialNames: [] });
    expect(await testConnection(admin, created.id)).toMatchObject({ success: false, outcome: "missing_credentials", message: expect.stringMatching(/key is no longer configured/) });
    const endpoint = fhirInput("retired-key-epic").endpoint;
    await expect(updateConnection(admin, created.id, { endpoint })).rejects.toMatchObject({ code: "INVALID", fieldErrors: { "credentials.clientSecret": [expect.any(String)] } });
    const replaced = await updateConnection(admin, created.id, { endpoint, credentials: { clientSecret: SECRET } });
    expect(replaced.credentialNames).toEqual(["clientSecret"]);
    expect(await testConnection(admin, created.id)).toMatchObject({ success: true });
  });
});

describe("/api/v1/connections", () => {
  it("creates over the API, answers field errors, tests, and never returns a secret", async () => {
    const body = { connectionId: "api-epic", name: "API Epic", emrType: "epic", endpoint: { kind: "fhir_rest", baseUrl: `${fhirBase}/fhir`, auth: { type: "client_secret", tokenUrl: `${fhirBase}/token`, clientId: "meridian" } }, credentials: { clientSecret: SECRET } };
    const created = await call(create, "/api/v1/connections", { method: "POST", key: adminKey, body });
    expect(created.status).toBe(201);
    const id = String(created.json?.id);

    const invalid = await call(create, "/api/v1/connections", { method: "POST", key: adminKey, body: { ...body, connectionId: "api-epic-2", endpoint: { kind: "mllp_outbound", host: "lab", port: 99999 }, credentials: null } });
    expect(invalid.status).toBe(422);
    expect(invalid.text).toContain("endpoint.port");

    const tested = await call(postTest, `/api/v1/connections/${id}/test`, { method: "POST", key: adminKey, params: { connectionId: id } });
    expect(tested.json).toMatchObject({ success: true, outcome: "ok" });
    const detail = await call(getOne, `/api/v1/connections/${id}`, { key: complianceKey, params: { connectionId: id } });
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ connection: { credentialNames: ["clientSecret"] }, tests: [expect.objectContaining({ outcome: "ok" })] });
    expect((await call(PATCH, `/api/v1/connections/${id}`, { method: "PATCH", key: complianceKey, body: { name: "x" }, params: { connectionId: id } })).status).toBe(403);
    expect((await call(getOne, "/api/v1/connections/not-a-uuid", { key: adminKey, params: { connectionId: "not-a-uuid" } })).status).toBe(404);
    const page = await call(list, "/api/v1/connections?status=connected&sort=-lastTestAt", { key: adminKey });
    expect(page.json).toMatchObject({ total: expect.any(Number), data: expect.arrayContaining([expect.objectContaining({ id })]) });

    for (const answer of [created, tested, detail, page]) {
      expect(answer.text).not.toContain(SECRET);
      expect(answer.text).not.toContain("credentialsEncrypted");
    }
  });
});
