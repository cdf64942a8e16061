import { requiredSecrets, type ConnectionEndpoint } from "@/lib/connections/endpoint";
import { probeFhir } from "@/lib/connections/probe/fhir";
import { probeMllp } from "@/lib/connections/probe/mllp";
import { DEFAULT_PROBE_TIMEOUT_MS, ProbeFailure, type ProbeOptions, type ProbeResult } from "@/lib/connections/probe/types";

/**
 * Tests one endpoint the way Meridian would use it, within one deadline. Never throws: every failure is a result
 * with its outcome and a sentence an admin can act on, which never contains a secret.
 */
export async function probeConnection(endpoint: ConnectionEndpoint, secrets: Readonly<Record<string, string>>, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (endpoint.kind === "mllp_inbound") {
    return { success: false, outcome: "not_testable", message: "An inbound feed is not dialled: its sender connects to Meridian", latencyMs: null, details: {} };
  }
  const missing = requiredSecrets(endpoint).filter((name) => !secrets[name]?.trim());
  if (missing.length > 0) {
    return { success: false, outcome: "missing_credentials", message: `No stored ${missing.join(", ")}: add it in the connection's credentials`, latencyMs: null, details: {} };
  }
  const timeoutMs = options.timeoutMs && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0 ? Math.ceil(options.timeoutMs) : DEFAULT_PROBE_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  try {
    const result = endpoint.kind === "fhir_rest" ? await probeFhir(endpoint, secrets, signal, options.ca) : await probeMllp(endpoint, signal, options.ca);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure("error", "The test failed unexpectedly");
    return {
      success: false,
      outcome: failure.outcome,
      message: failure.message,
      latencyMs: failure.outcome === "timeout" ? timeoutMs : Math.round(performance.now() - started),
      details: failure.httpStatus ? { httpStatus: failure.httpStatus } : {},
    };
  }
}
