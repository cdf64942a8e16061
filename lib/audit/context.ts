import { randomUUID } from "node:crypto";

/** Who is acting: a signed-in user, an API key, an operator at the command line (lib/auth/cli-context.ts), or nobody yet. */
export interface Actor {
  kind: "user" | "api_key" | "cli" | "anonymous";
  id: string | null;
  name: string | null;
  role: string | null;
}

/** The HTTP facts every audit row carries. */
export interface RequestInfo {
  requestId: string;
  ipAddress: string | null;
  userAgent: string | null;
  method: string | null;
  path: string | null;
  startedAt: number;
}

export const ANONYMOUS: Actor = { kind: "anonymous", id: null, name: null, role: null };

export const REQUEST_ID_HEADER = "x-request-id";

function clientIp(headers: Headers): string | null {
  // The last X-Forwarded-For entry is the one our own reverse proxy (or Next itself) added; entries before it come
  // from the client and could be anything, so they must not decide rate limits or the audited address.
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || headers.get("x-real-ip") || null;
}

export function requestInfoFrom(headers: Headers, method: string | null, path: string | null): RequestInfo {
  return {
    requestId: headers.get(REQUEST_ID_HEADER) ?? randomUUID(),
    ipAddress: clientIp(headers),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
    method,
    path: path?.slice(0, 1024) ?? null,
    startedAt: performance.now(),
  };
}
