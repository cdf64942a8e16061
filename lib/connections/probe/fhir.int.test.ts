import { generateKeyPairSync, verify, type KeyObject } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FhirAuth, FhirRestEndpoint } from "@/lib/connections/endpoint";
import { probeConnection } from "@/lib/connections/probe";
import { closeAll, closedPort, listenLocally, makeTestCertificates } from "@/lib/connections/probe/test-peers";
import type { ProbeOptions, ProbeResult } from "@/lib/connections/probe/types";

// A real FHIR server and OAuth2 token endpoint on loopback (plain HTTP, and HTTPS with certificates made for this
// run): the token endpoint checks the client secret sent by HTTP Basic and verifies the signed client assertion
// with the public key; /metadata variants answer a CapabilityStatement, 401, 403, HTML, other JSON, nothing.

const CLIENT_SECRET = "probe-client-secret-4f9a1c";
const PASSWORD = "probe-basic-password-77d2";
const ACCESS_TOKEN = "probe-access-token-0b1e";
const WRONG_SECRET = "wrong-secret-value-31c8";
const WRONG_PASSWORD = "wrong-password-value-5e02";

const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const ec = generateKeyPairSync("ec", { namedCurve: "P-384" });
const pem = (key: KeyObject) => key.export({ type: "pkcs8", format: "pem" }).toString();
const RSA_KEY_PEM = pem(rsa.privateKey);
const EC_KEY_PEM = pem(ec.privateKey);
const certificates = makeTestCertificates();

const capability = { resourceType: "CapabilityStatement", status: "active", fhirVersion: "4.0.1", software: { name: "TestFHIR", version: "9.1" } };
const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** Every result this file saw, checked at the end for secrets. */
const results: ProbeResult[] = [];
async function probe(endpoint: FhirRestEndpoint, secrets: Record<string, string> = {}, options?: ProbeOptions): Promise<ProbeResult> {
  const result = await probeConnection(endpoint, secrets, options);
  results.push(result);
  return result;
}

interface TokenRequest {
  form: URLSearchParams;
  authorization: string | undefined;
  assertionValid: boolean | null;
}
let tokenRequests: TokenRequest[] = [];
const seenJti = new Set<string>();

/** Checks the assertion as an EMR would: signature with the registered public key, header, claims, lifetime. */
function assertionIsValid(assertion: string, tokenUrl: string): boolean {
  const [encodedHeader = "", encodedClaims = "", signature = ""] = assertion.split(".");
  const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString()) as { alg: string; kid?: string; typ?: string };
  const claims = JSON.parse(Buffer.from(encodedClaims, "base64url").toString()) as { iss: string; sub: string; aud: string; exp: number; jti: string };
  const signingInput = Buffer.from(`${encodedHeader}.${encodedClaims}`);
  const signed =
    header.alg === "RS384"
      ? verify("sha384", signingInput, rsa.publicKey, Buffer.from(signature, "base64url"))
      : header.alg === "ES384" && verify("sha384", signingInput, { key: ec.publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  const now = Date.now() / 1000;
  const fresh = claims.exp > now && claims.exp <= now + 300 && Boolean(claims.jti) && !seenJti.has(claims.jti);
  seenJti.add(claims.jti);
  return signed && fresh && header.kid === "kid-1" && header.typ === "JWT" && claims.iss === "meridian" && claims.sub === "meridian" && claims.aud === tokenUrl;
}

function tokenEndpoint(request: http.IncomingMessage, response: http.ServerResponse, body: string, tokenUrl: string): void {
  const form = new URLSearchParams(body);
  const assertion = form.get("client_assertion");
  const assertionValid = assertion === null ? null : assertionIsValid(assertion, tokenUrl);
  tokenRequests.push({ form, authorization: request.headers.authorization, assertionValid });
  const json = (status: number, value: object) => void response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  if (request.url === "/token-forbidden") return json(403, { error: "access_denied" });
  if (request.url === "/token-odd") return json(200, { access_token: `${ACCESS_TOKEN}\r\nX-Injected: 1`, token_type: "bearer" });
  if (request.url === "/token-empty") return json(200, { token_type: "bearer" });
  if (request.url === "/token-scope") return json(400, { error: "invalid_scope", error_description: `scope rejected for ${CLIENT_SECRET}` });
  const granted = request.headers.authorization === basicHeader("meridian", CLIENT_SECRET) || assertionValid === true;
  json(granted ? 200 : 401, granted ? { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: 300 } : { error: "invalid_client" });
}

function metadata(url: string, authorization: string | undefined, response: http.ServerResponse): void {
  const fhirJson = (status: number, value: object) => void response.writeHead(status, { "content-type": "application/fhir+json" }).end(JSON.stringify(value));
  const authorized = authorization === `Bearer ${ACCESS_TOKEN}` || authorization === basicHeader("meridian", PASSWORD);
  switch (url) {
    case "/open/metadata":
      return fhirJson(200, capability);
    case "/stu3/metadata":
      return fhirJson(200, { ...capability, fhirVersion: "3.0.2" });
    case "/secure/metadata":
      return authorized ? fhirJson(200, capability) : fhirJson(401, { resourceType: "OperationOutcome" });
    case "/no-token-accepted/metadata":
      return fhirJson(401, { resourceType: "OperationOutcome" });
    case "/forbidden/metadata":
      return fhirJson(403, { resourceType: "OperationOutcome" });
    case "/outcome/metadata":
      return fhirJson(200, { resourceType: "OperationOutcome", issue: [] });
    case "/html/metadata":
      return void response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html><body>Patient portal</body></html>");
    case "/json/metadata":
      return void response.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    case "/moved/metadata":
      return void response.writeHead(301, { location: "/api/FHIR/R4/metadata?x=1" }).end();
    case "/huge/metadata":
      return void response.writeHead(200, { "content-type": "application/fhir+json" }).end(`{"resourceType":"CapabilityStatement","padding":"${"x".repeat(21_000_000)}"}`);
    case "/stalled/metadata":
      // Headers, the start of a body, then nothing: only the overall deadline ends this.
      response.writeHead(200, { "content-type": "application/fhir+json" });
      return void response.write('{"resourceType":');
    case "/silent/metadata":
      return;
    default:
      return void response.writeHead(404).end();
  }
}

function fhirServer(base: () => string): http.RequestListener {
  return (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const url = request.url ?? "";
      if (url.startsWith("/token")) return tokenEndpoint(request, response, body, `${base()}${url}`);
      metadata(url, request.headers.authorization, response);
    });
  };
}

const servers: net.Server[] = [];
let base = "";
let secureBase = "";
let wrongHostBase = "";
let expiredBase = "";
let plainPort = 0;
let refusedPort = 0;

beforeAll(async () => {
  plainPort = await listenLocally(http.createServer(fhirServer(() => base)), servers);
  base = `http://127.0.0.1:${plainPort}`;
  const securePort = await listenLocally(https.createServer(certificates.local, fhirServer(() => secureBase)), servers);
  secureBase = `https://localhost:${securePort}`;
  const wrongHostPort = await listenLocally(https.createServer(certificates.elsewhere, fhirServer(() => wrongHostBase)), servers);
  wrongHostBase = `https://localhost:${wrongHostPort}`;
  const expiredPort = await listenLocally(https.createServer(certificates.expired, fhirServer(() => expiredBase)), servers);
  expiredBase = `https://localhost:${expiredPort}`;
  refusedPort = await closedPort(net.createServer());
});

afterAll(() => closeAll(servers));

const fhir = (baseUrl: string, auth: FhirAuth = { type: "none" }): FhirRestEndpoint => ({ kind: "fhir_rest", baseUrl, fhirVersion: "R4", auth });
const basic: FhirAuth = { type: "basic", username: "meridian" };
const clientSecret = (tokenUrl: string): FhirAuth => ({ type: "client_secret", tokenUrl, clientId: "meridian", scopes: ["system/Patient.read", "system/Observation.read"] });
const privateKeyJwt = (tokenUrl: string, algorithm: "RS384" | "ES384" = "RS384"): FhirAuth => ({ type: "private_key_jwt", tokenUrl, clientId: "meridian", keyId: "kid-1", algorithm, scopes: ["system/*.read"] });

describe("FHIR R4 REST: success", () => {
  it("reads the CapabilityStatement without auth: latency, FHIR version, server software", async () => {
    const result = await probe(fhir(`${base}/open`));
    expect(result).toMatchObject({ success: true, outcome: "ok", details: { httpStatus: 200, fhirVersion: "4.0.1", software: "TestFHIR 9.1" } });
    expect(result.message).toBe("CapabilityStatement received (FHIR 4.0.1, TestFHIR 9.1)");
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(await probe(fhir(`${base}/open/`))).toMatchObject({ outcome: "ok" });
  });

  it("sends the user name and password by HTTP Basic", async () => {
    expect(await probe(fhir(`${base}/secure`, basic), { password: PASSWORD })).toMatchObject({ success: true, outcome: "ok" });
  });

  it("gets a token with the client secret by HTTP Basic (client credentials), then sends it as a bearer token", async () => {
    tokenRequests = [];
    expect(await probe(fhir(`${base}/secure`, clientSecret(`${base}/token`)), { clientSecret: CLIENT_SECRET })).toMatchObject({ success: true, outcome: "ok" });
    const [request] = tokenRequests;
    expect(request?.form.get("grant_type")).toBe("client_credentials");
    expect(request?.form.get("scope")).toBe("system/Patient.read system/Observation.read");
    expect(request?.form.has("client_secret")).toBe(false);
  });

  it("gets a token with a client assertion signed RS384 or ES384 (SMART backend services)", async () => {
    tokenRequests = [];
    expect(await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`)), { privateKeyPem: RSA_KEY_PEM })).toMatchObject({ success: true, outcome: "ok" });
    expect(await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`, "ES384")), { privateKeyPem: EC_KEY_PEM })).toMatchObject({ success: true, outcome: "ok" });
    expect(tokenRequests.map((request) => request.assertionValid)).toEqual([true, true]);
    const [request] = tokenRequests;
    expect(request?.form.get("grant_type")).toBe("client_credentials");
    expect(request?.form.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(request?.form.get("scope")).toBe("system/*.read");
    expect(request?.authorization).toBeUndefined();
  });

  it("trusts a private CA when given one, over HTTPS for both the token endpoint and the FHIR server", async () => {
    const endpoint = fhir(`${secureBase}/secure`, clientSecret(`${secureBase}/token`));
    expect(await probe(endpoint, { clientSecret: CLIENT_SECRET }, { ca: certificates.local.pem })).toMatchObject({ success: true, outcome: "ok" });
  });

  it("notes a server on another FHIR release", async () => {
    const result = await probe(fhir(`${base}/stu3`));
    expect(result).toMatchObject({ success: true, outcome: "ok", details: { fhirVersion: "3.0.2" } });
    expect(result.message).toMatch(/FHIR 3\.0\.2.*this connection is set to R4/);
  });
});

describe("FHIR R4 REST: credentials", () => {
  it("says the token endpoint refused a wrong client secret", async () => {
    const result = await probe(fhir(`${base}/secure`, clientSecret(`${base}/token`)), { clientSecret: WRONG_SECRET });
    expect(result).toMatchObject({ success: false, outcome: "unauthorized", details: { httpStatus: 401 } });
    expect(result.message).toMatch(/^The token endpoint 127\.0\.0\.1:\d+ refused the client's credentials \(HTTP 401, invalid_client\)/);
  });

  it("says the token endpoint refused an assertion signed with another key", async () => {
    const otherKey = pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
    const result = await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`)), { privateKeyPem: otherKey });
    expect(result).toMatchObject({ outcome: "unauthorized" });
    expect(result.message).toMatch(/token endpoint .*check the client id and key and its kid/);
  });

  it("says when the token endpoint refuses the scopes, without repeating its free-text description", async () => {
    const scope = await probe(fhir(`${base}/secure`, clientSecret(`${base}/token-scope`)), { clientSecret: CLIENT_SECRET });
    expect(scope).toMatchObject({ outcome: "forbidden", details: { httpStatus: 400 } });
    expect(scope.message).toMatch(/token endpoint .* does not grant this client the requested scopes \(HTTP 400, invalid_scope\)/);
    const forbidden = await probe(fhir(`${base}/secure`, clientSecret(`${base}/token-forbidden`)), { clientSecret: CLIENT_SECRET });
    expect(forbidden).toMatchObject({ outcome: "forbidden", details: { httpStatus: 403 } });
    expect(forbidden.message).toMatch(/^The token endpoint/);
  });

  it("says the FHIR server refused the credentials: 401 with a token, with a password, without any; 403", async () => {
    const token = await probe(fhir(`${base}/no-token-accepted`, clientSecret(`${base}/token`)), { clientSecret: CLIENT_SECRET });
    expect(token).toMatchObject({ outcome: "unauthorized", details: { httpStatus: 401 } });
    expect(token.message).toMatch(/^The FHIR server 127\.0\.0\.1:\d+ refused the access token from the token endpoint \(HTTP 401\)/);
    const password = await probe(fhir(`${base}/secure`, basic), { password: WRONG_PASSWORD });
    expect(password).toMatchObject({ outcome: "unauthorized" });
    expect(password.message).toMatch(/^The FHIR server .* refused the user name and password \(HTTP 401\)/);
    const none = await probe(fhir(`${base}/secure`));
    expect(none.message).toMatch(/requires authentication \(HTTP 401\)/);
    const forbidden = await probe(fhir(`${base}/forbidden`));
    expect(forbidden).toMatchObject({ outcome: "forbidden", details: { httpStatus: 403 } });
    expect(forbidden.message).toMatch(/^The FHIR server .* \(HTTP 403\)/);
  });

  it("reports missing or unusable credentials before dialling", async () => {
    tokenRequests = [];
    const missing = await probe(fhir(`${base}/secure`, clientSecret(`${base}/token`)), {});
    expect(missing).toMatchObject({ success: false, outcome: "missing_credentials", latencyMs: null, message: expect.stringMatching(/clientSecret/) });
    expect(await probe(fhir(`${base}/secure`, basic), { password: "  " })).toMatchObject({ outcome: "missing_credentials" });
    expect(await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`)), { privateKeyPem: "not a key" })).toMatchObject({ outcome: "missing_credentials", message: expect.stringMatching(/not a readable PEM/) });
    const wrongType = await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`, "ES384")), { privateKeyPem: RSA_KEY_PEM });
    expect(wrongType).toMatchObject({ outcome: "missing_credentials", message: "The stored private key is a key of type rsa, but ES384 needs an EC key on P-384 (secp384r1)" });
    const p256 = pem(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
    expect(await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`, "ES384")), { privateKeyPem: p256 })).toMatchObject({ message: expect.stringMatching(/EC key on prime256v1/) });
    expect(await probe(fhir(`${base}/secure`, privateKeyJwt(`${base}/token`)), { privateKeyPem: EC_KEY_PEM })).toMatchObject({ outcome: "missing_credentials" });
    expect(tokenRequests).toEqual([]);
  });
});

describe("FHIR R4 REST: token endpoint answers", () => {
  it("refuses an answer without a usable access token", async () => {
    const odd = await probe(fhir(`${base}/secure`, clientSecret(`${base}/token-odd`)), { clientSecret: CLIENT_SECRET });
    expect(odd).toMatchObject({ outcome: "protocol", message: expect.stringMatching(/^The token endpoint .* answered an access token that is not valid in an HTTP header$/) });
    expect(await probe(fhir(`${base}/secure`, clientSecret(`${base}/token-empty`)), { clientSecret: CLIENT_SECRET })).toMatchObject({ outcome: "protocol", message: expect.stringMatching(/without an access token/) });
  });
});

describe("FHIR R4 REST: not a FHIR server", () => {
  it("tells an HTML page, other JSON and another resource from a CapabilityStatement", async () => {
    const html = await probe(fhir(`${base}/html`));
    expect(html).toMatchObject({ success: false, outcome: "not_fhir", details: { httpStatus: 200 } });
    expect(html.message).toMatch(/answered \/metadata with an HTML page, not a FHIR CapabilityStatement: check the base URL/);
    expect((await probe(fhir(`${base}/json`))).message).toMatch(/with JSON that is not a FHIR resource/);
    expect((await probe(fhir(`${base}/outcome`))).message).toMatch(/with a FHIR OperationOutcome/);
    expect((await probe(fhir(`${base}/huge`), {}, { timeoutMs: 20_000 })).message).toMatch(/with more than 20 MB/);
  });

  it("reports other HTTP statuses, and where a redirect points", async () => {
    expect(await probe(fhir(`${base}/missing`))).toMatchObject({ outcome: "http_error", details: { httpStatus: 404 }, message: expect.stringMatching(/answered HTTP 404 for \/metadata/) });
    const moved = await probe(fhir(`${base}/moved`));
    expect(moved).toMatchObject({ outcome: "http_error", details: { httpStatus: 301 } });
    expect(moved.message).toBe(`The FHIR server 127.0.0.1:${plainPort} redirects /metadata (HTTP 301) to ${base}/api/FHIR/R4: use that as the base URL`);
  });
});

describe("FHIR R4 REST: network", () => {
  it("reports a refused connection at the FHIR server and at the token endpoint", async () => {
    const server = await probe(fhir(`http://127.0.0.1:${refusedPort}/fhir`));
    expect(server).toMatchObject({ success: false, outcome: "refused", message: `The FHIR server 127.0.0.1:${refusedPort} refused the connection (nothing listens on that port)` });
    const token = await probe(fhir(`${base}/secure`, clientSecret(`http://127.0.0.1:${refusedPort}/token`)), { clientSecret: CLIENT_SECRET });
    expect(token.message).toMatch(/^The token endpoint .* refused the connection/);
  });

  it("ends at one deadline: a server that never answers, one that stalls mid-body", async () => {
    const silent = await probe(fhir(`${base}/silent`), {}, { timeoutMs: 300 });
    expect(silent).toMatchObject({ success: false, outcome: "timeout", latencyMs: 300, message: `The FHIR server 127.0.0.1:${plainPort} did not answer in time` });
    const started = Date.now();
    expect(await probe(fhir(`${base}/stalled`), {}, { timeoutMs: 300 })).toMatchObject({ outcome: "timeout" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports an unknown host", async () => {
    expect(await probe(fhir("https://fhir.invalid/r4"), {}, { timeoutMs: 3_000 })).toMatchObject({ success: false, outcome: expect.stringMatching(/^(dns|timeout)$/) });
  });
});

describe("FHIR R4 REST: TLS stays verified", () => {
  it("refuses a self-signed certificate unless its CA is given", async () => {
    const untrusted = await probe(fhir(`${secureBase}/open`));
    expect(untrusted).toMatchObject({ success: false, outcome: "tls" });
    expect(untrusted.message).toMatch(/^The FHIR server localhost:\d+: TLS failed, the certificate is self-signed/);
    expect(await probe(fhir(`${secureBase}/open`), {}, { ca: certificates.local.pem })).toMatchObject({ success: true, outcome: "ok" });
  });

  it("refuses a certificate for another host name, and an expired one, even from a trusted CA", async () => {
    const wrongHost = await probe(fhir(`${wrongHostBase}/open`), {}, { ca: certificates.elsewhere.pem });
    expect(wrongHost).toMatchObject({ outcome: "tls", message: expect.stringMatching(/the certificate is not for this host name/) });
    const expired = await probe(fhir(`${expiredBase}/open`), {}, { ca: certificates.expired.pem });
    expect(expired).toMatchObject({ outcome: "tls", message: expect.stringMatching(/the certificate has expired/) });
  });

  it("says so when an https URL points at a plain-HTTP port", async () => {
    expect(await probe(fhir(`https://127.0.0.1:${plainPort}/open`))).toMatchObject({ outcome: "tls", message: expect.stringMatching(/does not speak TLS/) });
  });
});

describe("secrets", () => {
  it("never appear in any result above", () => {
    expect(results.length).toBeGreaterThan(30);
    const secrets = [CLIENT_SECRET, PASSWORD, ACCESS_TOKEN, WRONG_SECRET, WRONG_PASSWORD, basicHeader("meridian", PASSWORD), basicHeader("meridian", CLIENT_SECRET)];
    const keyLines = [RSA_KEY_PEM, EC_KEY_PEM].flatMap((key) => key.split("\n").filter((line) => line.length > 40));
    const seen = JSON.stringify(results);
    for (const secret of [...secrets, ...keyLines]) expect(seen).not.toContain(secret);
    expect(seen).not.toMatch(/Bearer|Basic |authorization/i);
  });
});
