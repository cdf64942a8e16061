/** How a connection test ended; each has its own sentence for the admin (never a secret). */
export type ProbeOutcome =
  | "ok"
  | "refused"
  | "timeout"
  | "tls"
  | "dns"
  | "unauthorized"
  | "forbidden"
  | "not_fhir"
  | "http_error"
  | "protocol"
  | "missing_credentials"
  | "not_testable"
  | "error";

export interface ProbeResult {
  success: boolean;
  outcome: ProbeOutcome;
  message: string;
  latencyMs: number | null;
  details: { httpStatus?: number; fhirVersion?: string; software?: string; ackCode?: string };
}

export interface ProbeOptions {
  /** One deadline for the whole test (token, then metadata; or connect, send, ACK). Default 10 s. */
  timeoutMs?: number;
  /** PEM of a private certificate authority to trust besides the system's. */
  ca?: string;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** A failure the probe understood: its outcome and the sentence for the admin. */
export class ProbeFailure extends Error {
  constructor(
    readonly outcome: Exclude<ProbeOutcome, "ok">,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}
