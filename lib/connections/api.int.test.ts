import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET as getOne, PATCH } from "@/app/api/v1/connections/[connectionId]/route";
import { POST as postTest } from "@/app/api/v1/connections/[connectionId]/test/route";
import { GET as list, POST as create } from "@/app/api/v1/connections/route";
import { isolateCache } from "@/lib/patients/testing/cache-isolation";
import { createApiKey } from "@/lib/seed/accounts";
import { fileQuery } from "@/lib/testing/sql";

// /api/v1/connections as a script calls it: each endpoint kind validated at its field, the secret an auth method
// needs asked for at credentials.<name>, a taken id 409, changes and (de)activation audited with old and new values,
// and no secret in any answer or audit row.

isolateCache();
const query = fileQuery();

const SECRETS = { password: "hub-password-5b2e71", clientSecret: "client-secret-0c9d44", rotated: "client-secret-rotated-77aa10" };
const keys = { admin: "", compliance: "", clinician: "" };
const answers: string[] = [];

beforeAll(async () => {
  for (const role of ["admin", "compliance", "clinician"] as const) keys[role] = (await createApiKey({ name: `connections api ${role}`, role })).key;
});

type Handler<P> = (request: NextRequest, context: { params: Promise<P> }) => Promise<Response>;

async function call<P extends Record<string, string>>(handler: Handler<P>, init: { method: string; path: string; key?: string; body?: unknown; params?: P }) {
  const request = new NextRequest(new URL(init.path, "http://localhost"), {
    method: init.method,
    headers: { ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? ({} as P)) });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const post = (body: unknown, key = keys.admin) => call(create, { method: "POST", path: "/api/v1/connections", key, body });
const patch = (id: string, body: unknown, key = keys.admin) => call(PATCH, { method: "PATCH", path: `/api/v1/connections/${id}`, key, body, params: { connectionId: id } });
const remove = (id: string, key = keys.admin) => call(DELETE, { method: "DELETE", path: `/api/v1/connections/${id}`, key, params: { connectionId: id } });

const fhir = (auth: Record<string, unknown>, baseUrl = "https://hub.example.org/fhir") => ({ kind: "fhir_rest", baseUrl, auth });
const connection = (connectionId: string, endpoint: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ connectionId, name: `Connection ${connectionId}`, emrType: "generic_fhir", endpoint, ...extra });
const tokenAuth = { type: "client_secret", tokenUrl: "https://hub.example.org/token", clientId: "meridian" };

const auditOf = (id: string) => query<{ action: string; details: Record<string, unknown> }>("SELECT action, details FROM audit_logs WHERE resource_id = $1 ORDER BY id", [id]);

describe("POST /api/v1/connections validation", () => {
  it.each([
    ["a FHIR base URL that is not a URL", "endpoint.baseUrl", connection("v1", fhir({ type: "none" }, "fhir.example.org"))],
    ["plain http to another host", "endpoint.baseUrl", connection("v2", fhir({ type: "none" }, "http://fhir.example.org/R4"))],
    ["an ftp base URL", "endpoint.baseUrl", connection("v3", fhir({ type: "none" }, "ftp://fhir.example.org"))],
    ["a token URL that is not https", "endpoint.auth.tokenUrl", connection("v4", fhir({ ...tokenAuth, tokenUrl: "http://idp.example.org/token" }), { credentials: { clientSecret: "x" } })],
    ["an unknown auth type", "endpoint.auth.type", connection("v5", fhir({ type: "kerberos" }))],
    ["basic auth without its password", "credentials.password", connection("v6", fhir({ type: "basic", username: "meridian" }))],
    ["client_secret without its secret", "credentials.clientSecret", connection("v7", fhir(tokenAuth))],
    ["private_key_jwt without its key", "credentials.privateKeyPem", connection("v8", fhir({ ...tokenAuth, type: "private_key_jwt" }), { credentials: { clientSecret: "x" } })],
    ["an unknown credential", "credentials.token", connection("v9", fhir({ type: "basic", username: "m" }), { credentials: { password: "p", token: "t" } })],
    ["a secret the auth method does not use", "credentials.clientSecret", connection("v20", fhir({ type: "basic", username: "m" }), { credentials: { password: "p", clientSecret: "x" } })],
    ["a secret for an HL7 feed", "credentials.password", connection("v21", { kind: "mllp_inbound", sendingApplication: "LAB" }, { credentials: { password: "p" } })],
    ["an inbound feed without a sending application", "endpoint.sendingApplication", connection("v10", { kind: "mllp_inbound", sendingFacility: "LAB" })],
    ["an HL7 delimiter in a sending facility", "endpoint.sendingFacility", connection("v11", { kind: "mllp_inbound", sendingApplication: "LAB", sendingFacility: "A^B" })],
    ["an outbound port out of range", "endpoint.port", connection("v12", { kind: "mllp_outbound", host: "lab.example.org", port: 0 })],
    ["an outbound host with a space", "endpoint.host", connection("v13", { kind: "mllp_outbound", host: "lab example", port: 2575 })],
    ["an unknown endpoint kind", "endpoint.kind", connection("v14", { kind: "sftp", host: "x" })],
    ["a field of another kind", "endpoint.baseUrl", connection("v15", { kind: "mllp_outbound", host: "lab.example.org", port: 2575, baseUrl: "https://x.org" })],
    ["a secret in the settings", "config.clientSecret", connection("v16", fhir({ type: "none" }), { config: { clientSecret: "x" } })],
    ["a timeout out of range", "config.timeoutMs", connection("v17", fhir({ type: "none" }), { config: { timeoutMs: 100 } })],
    ["a slug with spaces", "connectionId", connection("not a slug", fhir({ type: "none" }))],
    ["an unknown EMR type", "emrType", connection("v19", fhir({ type: "none" }), { emrType: "cerner-millennium" })],
  ])("refuses %s with 422 at %s", async (_case, field, body) => {
    const answer = await post(body);
    expect(answer.status).toBe(422);
    expect(Object.keys((answer.json?.errors ?? {}) as Record<string, unknown>)).toContain(field);
  });

  it("stores nothing for a refused connection", async () => {
    const [row] = await query<{ count: string }>("SELECT count(*) FROM emr_connections WHERE connection_id LIKE 'v%'");
    expect(Number(row?.count)).toBe(0);
  });
});

describe("/api/v1/connections changes", () => {
  it("creates each kind, refuses a taken id with 409 at connectionId, and needs connections:manage", async () => {
    const hub = await post(connection("api-hub", fhir({ type: "basic", username: "meridian" }), { credentials: { password: SECRETS.password }, config: { timeoutMs: 5_000, contact: "Hub desk" } }));
    expect(hub.status).toBe(201);
    expect(hub.json).toMatchObject({ connectionId: "api-hub", baseUrl: "https://hub.example.org/fhir", fhirVersion: "R4", config: { timeoutMs: 5_000, contact: "Hub desk" }, hasCredentials: true, credentialNames: ["password"] });
    const feed = await post(connection("api-feed", { kind: "mllp_inbound", sendingApplication: "APIAPP" }, { emrType: "generic_hl7" }));
    expect(feed.json).toMatchObject({ endpoint: { kind: "mllp_inbound", sendingApplication: "APIAPP", sendingFacility: "" }, baseUrl: null, fhirVersion: null, hasCredentials: false });
    const outbound = await post(connection("api-out", { kind: "mllp_outbound", host: "lab.example.org", port: "6661", tls: true }, { isActive: false }));
    expect(outbound.json).toMatchObject({ endpoint: { port: 6661, tls: true }, isActive: false, deactivatedAt: expect.any(String) });

    const taken = await post(connection("API-HUB", fhir({ type: "none" })));
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ errors: { connectionId: [expect.any(String)] } });
    expect((await post(connection("api-x", fhir({ type: "none" })), keys.compliance)).status).toBe(403);
    expect((await post(connection("api-y", fhir({ type: "none" })), keys.clinician)).status).toBe(403);
  });

  it("keeps omitted secrets, replaces named ones, drops those a changed auth does not use, removes them with null, and audits from/to without a value", async () => {
    const created = await post(connection("api-epic", fhir(tokenAuth), { credentials: { clientSecret: SECRETS.clientSecret } }));
    const id = String(created.json?.id);

    const renamed = await patch(id, { name: "API Epic", config: { tenantId: "t-1" } });
    expect(renamed.json).toMatchObject({ name: "API Epic", credentialNames: ["clientSecret"], config: { tenantId: "t-1" } });
    // The same endpoint sent again (as the edit form does) is not a change, whatever the key order.
    const sameEndpoint = { auth: { scopes: [], clientId: "meridian", tokenUrl: "https://hub.example.org/token", type: "client_secret" }, baseUrl: "https://hub.example.org/fhir", kind: "fhir_rest" };
    expect((await patch(id, { endpoint: sameEndpoint, credentials: { clientSecret: SECRETS.rotated } })).status).toBe(200);
    const toBasic = await patch(id, { endpoint: fhir({ type: "basic", username: "meridian" }) });
    expect(toBasic.status).toBe(422);
    expect(toBasic.json).toMatchObject({ errors: { "credentials.password": [expect.any(String)] } });
    const unused = await patch(id, { credentials: { password: "not-used-by-client-secret" } });
    expect(unused.status).toBe(422);
    expect(unused.json).toMatchObject({ errors: { "credentials.password": [expect.any(String)] } });
    // Switching the auth method leaves no secret behind that the new method does not use.
    const toBasicWithPassword = await patch(id, { endpoint: fhir({ type: "basic", username: "meridian" }), credentials: { password: SECRETS.password } });
    expect(toBasicWithPassword.json).toMatchObject({ hasCredentials: true, credentialNames: ["password"] });
    expect((await patch(id, { credentials: null })).json).toMatchObject({ errors: { "credentials.password": [expect.any(String)] } });
    const toNone = await patch(id, { endpoint: fhir({ type: "none" }), credentials: null });
    expect(toNone.json).toMatchObject({ hasCredentials: false, credentialNames: [] });
    const [row] = await query<{ credentials_encrypted: string | null; credentials_key_id: string | null }>("SELECT credentials_encrypted, credentials_key_id FROM emr_connections WHERE id = $1", [id]);
    expect(row).toEqual({ credentials_encrypted: null, credentials_key_id: null });

    const audit = await auditOf(id);
    expect(audit.map((entry) => entry.action)).toEqual(["connection.created", "connection.updated", "connection.updated", "connection.updated", "connection.updated"]);
    expect(audit[0]?.details).toMatchObject({ connectionId: "api-epic", kind: "fhir_rest", credentials: ["clientSecret"] });
    expect(audit[1]?.details).toMatchObject({ changes: { name: { from: "Connection api-epic", to: "API Epic" }, config: { from: {}, to: { tenantId: "t-1" } } } });
    expect(audit[2]?.details).toEqual({ connectionId: "api-epic", changes: {}, credentials: { set: ["clientSecret"] } });
    expect(audit[3]?.details).toMatchObject({ changes: { endpoint: { from: { auth: { type: "client_secret" } }, to: { auth: { type: "basic" } } } }, credentials: { set: ["password"], removed: ["clientSecret"] } });
    expect(audit[4]?.details).toMatchObject({ changes: { endpoint: { from: { auth: { type: "basic" } }, to: { auth: { type: "none" } } } }, credentials: { removed: ["password"] } });
  });

  it("deactivates with DELETE (409 when already off) and reactivates with PATCH, each audited as such", async () => {
    const created = await post(connection("api-cycle", fhir({ type: "none" })));
    const id = String(created.json?.id);
    const off = await remove(id);
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ isActive: false, isConnected: false, deactivatedAt: expect.any(String) });
    expect((await remove(id)).status).toBe(409);
    expect((await remove(id, keys.compliance)).status).toBe(403);
    const on = await patch(id, { isActive: true });
    expect(on.json).toMatchObject({ isActive: true, deactivatedAt: null });
    expect((await remove("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    const audit = await auditOf(id);
    expect(audit.map((entry) => entry.action)).toEqual(["connection.created", "connection.deactivated", "connection.reactivated"]);
    expect(audit[2]?.details).toMatchObject({ changes: { isActive: { from: false, to: true } } });
    const listed = await call(list, { method: "GET", path: "/api/v1/connections?status=active&q=api-cycle", key: keys.compliance });
    expect(listed.json).toMatchObject({ total: 1, data: [expect.objectContaining({ id, isActive: true })] });
  });

  it("tests with connections:manage only; an inbound feed without messages says so", async () => {
    const feed = await post(connection("api-quiet-feed", { kind: "mllp_inbound", sendingApplication: "QUIET" }));
    const id = String(feed.json?.id);
    const tested = await call(postTest, { method: "POST", path: `/api/v1/connections/${id}/test`, key: keys.admin, params: { connectionId: id } });
    expect(tested).toMatchObject({ status: 200, json: { success: false, outcome: "not_testable", message: expect.stringContaining("No message received") } });
    expect((await call(postTest, { method: "POST", path: `/api/v1/connections/${id}/test`, key: keys.compliance, params: { connectionId: id } })).status).toBe(403);
    const detail = await call(getOne, { method: "GET", path: `/api/v1/connections/${id}`, key: keys.compliance, params: { connectionId: id } });
    expect(detail.json).toMatchObject({ tests: [expect.objectContaining({ outcome: "not_testable" })], hourly: [] });
    expect((await call(getOne, { method: "GET", path: `/api/v1/connections/${id}`, key: keys.clinician, params: { connectionId: id } })).status).toBe(403);
  });

  it("never answers or audits a secret", async () => {
    const audit = await query("SELECT details FROM audit_logs WHERE action LIKE 'connection.%'");
    const everything = [...answers, JSON.stringify(audit)].join("\n");
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/credentialsEncrypted|credentials_encrypted|v2\.[\w-]+\./);
  });
});
