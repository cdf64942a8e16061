import type { FhirRestEndpoint } from "@/lib/connections/endpoint";
import { httpRequest, MAX_BODY_BYTES, type HttpAnswer } from "@/lib/connections/probe/http";
import { networkFailure } from "@/lib/connections/probe/network-errors";
import { obtainToken } from "@/lib/connections/probe/oauth";
import { ProbeFailure, type ProbeResult } from "@/lib/connections/probe/types";

interface CapabilityStatement {
  resourceType?: unknown;
  fhirVersion?: unknown;
  software?: { name?: unknown; version?: unknown };
}

/** The FHIR version numbers (CapabilityStatement.fhirVersion) each configurable release covers. */
const RELEASE_VERSIONS: Record<FhirRestEndpoint["fhirVersion"], RegExp> = { R4: /^4\.0\./, R4B: /^4\.3\./ };

async function authorization(endpoint: FhirRestEndpoint, secrets: Readonly<Record<string, string>>, signal: AbortSignal, ca?: string): Promise<string | null> {
  const auth = endpoint.auth;
  if (auth.type === "none") return null;
  if (auth.type === "basic") return `Basic ${Buffer.from(`${auth.username}:${secrets.password ?? ""}`).toString("base64")}`;
  return `Bearer ${await obtainToken(auth, secrets, signal, ca)}`;
}

function metadataUrl(baseUrl: string): URL {
  return new URL(`${baseUrl.replace(/\/+$/, "")}/metadata`);
}

/** What a redirect points to, without query or user info (shown to the admin as the likely right base URL). */
function redirectTarget(answer: HttpAnswer, url: URL): string | null {
  if (!answer.location) return null;
  try {
    const target = new URL(answer.location, url);
    return `${target.origin}${target.pathname.replace(/\/metadata\/?$/, "")}`;
  } catch {
    return null;
  }
}

function rejectedStatus(answer: HttpAnswer, url: URL, where: string, auth: FhirRestEndpoint["auth"]["type"]): ProbeFailure {
  const status = answer.status;
  const sent = auth === "none" ? null : auth === "basic" ? "the user name and password" : "the access token from the token endpoint";
  if (status === 401) {
    return new ProbeFailure("unauthorized", sent ? `${where} refused ${sent} (HTTP 401)` : `${where} requires authentication (HTTP 401): choose an auth type`, 401);
  }
  if (status === 403) return new ProbeFailure("forbidden", `${where} refused access to its metadata (HTTP 403): check the client's scopes or rights`, 403);
  const target = status >= 300 && status < 400 ? redirectTarget(answer, url) : null;
  if (target) return new ProbeFailure("http_error", `${where} redirects /metadata (HTTP ${status}) to ${target}: use that as the base URL`, status);
  return new ProbeFailure("http_error", `${where} answered HTTP ${status} for /metadata`, status);
}

/** What came instead of a CapabilityStatement, for the admin. */
function describeBody(answer: HttpAnswer, parsed: unknown): string {
  if (answer.truncated) return `more than ${MAX_BODY_BYTES / 1_000_000} MB`;
  if (answer.contentType.includes("html") || /^\s*</.test(answer.body)) return "an HTML page";
  if (typeof parsed !== "object" || parsed === null) return "something that is not JSON";
  const resourceType = (parsed as CapabilityStatement).resourceType;
  return typeof resourceType === "string" && /^[A-Za-z]{1,64}$/.test(resourceType) ? `a FHIR ${resourceType}` : "JSON that is not a FHIR resource";
}

/** Parses the body; throws not_fhir, saying what came instead, unless it is a CapabilityStatement. */
function capabilityStatement(answer: HttpAnswer, where: string): CapabilityStatement {
  let parsed: unknown = null;
  try {
    parsed = answer.truncated ? null : JSON.parse(answer.body);
  } catch {
    parsed = null;
  }
  if (typeof parsed === "object" && parsed !== null && (parsed as CapabilityStatement).resourceType === "CapabilityStatement") return parsed;
  throw new ProbeFailure("not_fhir", `${where} answered /metadata with ${describeBody(answer, parsed)}, not a FHIR CapabilityStatement: check the base URL`, answer.status);
}

/** A token if configured, then `GET [base]/metadata`: the server must answer a FHIR CapabilityStatement. */
export async function probeFhir(endpoint: FhirRestEndpoint, secrets: Readonly<Record<string, string>>, signal: AbortSignal, ca?: string): Promise<Omit<ProbeResult, "latencyMs">> {
  const url = metadataUrl(endpoint.baseUrl);
  const where = `The FHIR server ${url.host}`;
  const headers: Record<string, string> = { accept: "application/fhir+json" };
  const credential = await authorization(endpoint, secrets, signal, ca);
  if (credential) headers.authorization = credential;
  let answer;
  try {
    answer = await httpRequest(url, { method: "GET", headers, signal, ca });
  } catch (error) {
    throw networkFailure(error, where, signal);
  }
  if (answer.status < 200 || answer.status >= 300) throw rejectedStatus(answer, url, where, endpoint.auth.type);
  const statement = capabilityStatement(answer, where);
  const fhirVersion = typeof statement.fhirVersion === "string" ? statement.fhirVersion.slice(0, 20) : undefined;
  const software = [statement.software?.name, statement.software?.version].filter((part): part is string => typeof part === "string").join(" ").slice(0, 200) || undefined;
  const about = [fhirVersion ? `FHIR ${fhirVersion}` : null, software].filter(Boolean).join(", ");
  const otherRelease = fhirVersion && !RELEASE_VERSIONS[endpoint.fhirVersion].test(fhirVersion) ? `; note: this connection is set to ${endpoint.fhirVersion}` : "";
  return {
    success: true,
    outcome: "ok",
    message: `CapabilityStatement received${about ? ` (${about})` : ""}${otherRelease}`,
    details: { httpStatus: answer.status, ...(fhirVersion ? { fhirVersion } : {}), ...(software ? { software } : {}) },
  };
}
