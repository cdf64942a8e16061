import http from "node:http";
import https from "node:https";

export interface HttpAnswer {
  status: number;
  contentType: string;
  /** Where a redirect points (empty when none). */
  location: string;
  body: string;
  /** The body was longer than MAX_BODY_BYTES; `body` holds its beginning. */
  truncated: boolean;
}

/** Big servers' CapabilityStatements run to a few MB; anything beyond this is not one. */
export const MAX_BODY_BYTES = 20_000_000;

/**
 * One HTTP(S) request with certificate verification on (plus an optional private CA), cancelled by `signal`. node's
 * own client rather than fetch, because fetch cannot be given a CA without a separate undici dependency.
 */
export function httpRequest(
  url: URL,
  init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string; signal: AbortSignal; ca?: string },
): Promise<HttpAnswer> {
  const client = url.protocol === "https:" ? https : http;
  // agent: false — a fresh connection each time, so the test measures and verifies a real handshake, never a pooled socket.
  const options = { method: init.method, headers: init.headers, signal: init.signal, agent: false, ...(init.ca ? { ca: init.ca } : {}) };
  return new Promise((resolve, reject) => {
    const request = client.request(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (truncated: boolean): HttpAnswer => ({
        status: response.statusCode ?? 0,
        contentType: String(response.headers["content-type"] ?? ""),
        location: String(response.headers.location ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
        truncated,
      });
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        else response.destroy();
      });
      response.on("end", () => resolve(answer(false)));
      response.on("close", () => {
        if (size > MAX_BODY_BYTES) resolve(answer(true));
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
