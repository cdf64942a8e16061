import { createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import type { FhirAuth } from "@/lib/connections/endpoint";
import { httpRequest } from "@/lib/connections/probe/http";
import { networkFailure } from "@/lib/connections/probe/network-errors";
import { ProbeFailure } from "@/lib/connections/probe/types";

type TokenAuth = Extract<FhirAuth, { type: "client_secret" | "private_key_jwt" }>;

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const ASSERTION_LIFETIME_SECONDS = 240;

function base64url(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString("base64url");
}

/** The PEM private key, if it is one the algorithm can sign with (RS384: RSA; ES384: EC on P-384). */
function signingKey(algorithm: "RS384" | "ES384", privateKeyPem: string): KeyObject {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new ProbeFailure("missing_credentials", "The stored private key is not a readable PEM private key");
  }
  const type = key.asymmetricKeyType ?? "unknown";
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const fits = algorithm === "RS384" ? type === "rsa" : type === "ec" && curve === "secp384r1";
  if (!fits) {
    const stored = type === "ec" ? `an EC key on ${curve ?? "an unknown curve"}` : `a key of type ${type}`;
    const needed = algorithm === "RS384" ? "an RSA key" : "an EC key on P-384 (secp384r1)";
    throw new ProbeFailure("missing_credentials", `The stored private key is ${stored}, but ${algorithm} needs ${needed}`);
  }
  return key;
}

/** SMART backend services' client assertion: a short-lived JWT signed with the client's registered private key. */
export function clientAssertion(auth: Extract<TokenAuth, { type: "private_key_jwt" }>, privateKeyPem: string, now = Date.now()): string {
  const header = { alg: auth.algorithm, typ: "JWT", ...(auth.keyId ? { kid: auth.keyId } : {}) };
  const issuedAt = Math.floor(now / 1000);
  const claims = { iss: auth.clientId, sub: auth.clientId, aud: auth.tokenUrl, jti: randomUUID(), iat: issuedAt, exp: issuedAt + ASSERTION_LIFETIME_SECONDS };
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  const key = signingKey(auth.algorithm, privateKeyPem);
  const signature = sign("sha384", Buffer.from(signingInput), auth.algorithm === "ES384" ? { key, dsaEncoding: "ieee-p1363" } : key);
  return `${signingInput}.${base64url(signature)}`;
}

/**
 * The `error` code of an OAuth2 error answer (RFC 6749 §5.2), if it is one of the registered words. Only the code:
 * error_description is free text from the server, which may echo what was sent.
 */
function oauthError(body: string): string | null {
  try {
    const error = (JSON.parse(body) as { error?: unknown }).error;
    return typeof error === "string" && /^[a-z_]{1,40}$/.test(error) ? error : null;
  } catch {
    return null;
  }
}

/** OAuth2 client credentials (RFC 6749 §4.4) with a client secret (HTTP Basic) or a signed assertion (RFC 7523). */
export async function obtainToken(auth: TokenAuth, secrets: Readonly<Record<string, string>>, signal: AbortSignal, ca?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: "client_credentials" });
  if (auth.scopes.length > 0) form.set("scope", auth.scopes.join(" "));
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (auth.type === "client_secret") {
    const basic = `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(secrets.clientSecret ?? "")}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString("base64")}`;
  } else {
    form.set("client_assertion_type", JWT_BEARER);
    form.set("client_assertion", clientAssertion(auth, secrets.privateKeyPem ?? ""));
    form.set("client_id", auth.clientId);
  }
  const where = `The token endpoint ${new URL(auth.tokenUrl).host}`;
  let answer;
  try {
    answer = await httpRequest(new URL(auth.tokenUrl), { method: "POST", headers, body: form.toString(), signal, ca });
  } catch (error) {
    throw networkFailure(error, where, signal);
  }
  const error = answer.status >= 400 ? oauthError(answer.body) : null;
  const said = error ? `, ${error}` : "";
  if (error === "unauthorized_client") {
    throw new ProbeFailure("forbidden", `${where} does not allow this client the client-credentials grant (HTTP ${answer.status}${said})`, answer.status);
  }
  if (answer.status === 403 || error === "invalid_scope") {
    throw new ProbeFailure("forbidden", `${where} does not grant this client the requested scopes (HTTP ${answer.status}${said}): check the scopes registered for the client`, answer.status);
  }
  if (answer.status === 400 || answer.status === 401) {
    throw new ProbeFailure("unauthorized", `${where} refused the client's credentials (HTTP ${answer.status}${said}): check the client id and ${auth.type === "client_secret" ? "secret" : "key and its kid"}`, answer.status);
  }
  if (answer.status < 200 || answer.status >= 300) throw new ProbeFailure("http_error", `${where} answered HTTP ${answer.status}`, answer.status);
  let token: unknown;
  try {
    token = (JSON.parse(answer.body) as { access_token?: unknown }).access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || token === "") throw new ProbeFailure("protocol", `${where} answered without an access token`);
  // A bearer token is visible ASCII (RFC 6750 b64token); anything else could not be sent in a header.
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ProbeFailure("protocol", `${where} answered an access token that is not valid in an HTTP header`);
  return token;
}
