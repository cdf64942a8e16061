import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { CONTEXT_HEADER, sealContext, settleContext, unsealContext, type RequestContext } from "@/lib/auth/request-context";
import { SERVER_REQUEST_ID_HEADER } from "@/lib/auth/request-headers";

beforeAll(() => {
  // env() parses on first use, after this.
  process.env.DATABASE_URL ??= "postgresql://meridian@127.0.0.1:5432/unused";
  process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.NEXTAUTH_SECRET = "request-context-test-secret";
});

const VERSION_7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({
  requestId: randomUUID(),
  correlationId: "client-7",
  clientAddress: "203.0.113.9",
  issuedAt: Date.now(),
  ...overrides,
});

describe("sealed request context", () => {
  it("round-trips what the proxy settled", () => {
    const settled = context();
    expect(unsealContext(sealContext(settled))).toEqual(settled);
  });

  it("refuses a context anyone could write: unsigned, re-signed with another key, altered, truncated or old", () => {
    const sealed = sealContext(context());
    const [payload = "", mac = ""] = sealed.split(".");
    const forgedPayload = Buffer.from(JSON.stringify(context({ clientAddress: "6.6.6.6" }))).toString("base64url");
    for (const value of [null, "", payload, `${forgedPayload}.${mac}`, `${payload}.${mac.slice(0, -2)}`, `${payload}.${mac}.x`, `${payload}.AAAA`]) {
      expect(unsealContext(value), String(value)).toBeNull();
    }
    expect(unsealContext(sealContext(context({ issuedAt: Date.now() - 10 * 60_000 })))).toBeNull();
  });

  it("settles a new context from the headers, or keeps the one sealed by an earlier pass", () => {
    const fresh = settleContext(new Headers({ "x-forwarded-for": "198.51.100.4", "x-request-id": "mine" }));
    expect(fresh).toMatchObject({ correlationId: "mine", clientAddress: "198.51.100.4" });
    expect(fresh.requestId).toMatch(/^[0-9a-f-]{36}$/);

    // The second pass comes from this machine and carries the server's own id in x-request-id.
    const forwarded = new Headers({ [CONTEXT_HEADER]: sealContext(fresh), "x-forwarded-for": "127.0.0.1", "x-request-id": fresh.requestId });
    expect(settleContext(forwarded)).toEqual(fresh);

    const forged = new Headers({ [CONTEXT_HEADER]: "eyJ9.forged", "x-forwarded-for": "198.51.100.5" });
    expect(settleContext(forged).clientAddress).toBe("198.51.100.5");
  });

  it("settles a time-ordered request id that survives its sealed context and the route's reading of the header", () => {
    const settled = settleContext(new Headers());
    expect(settled.requestId).toMatch(VERSION_7);
    expect(unsealContext(sealContext(settled))?.requestId).toBe(settled.requestId);
    const info = requestInfoFrom(new Headers({ [SERVER_REQUEST_ID_HEADER]: settled.requestId }), "GET", "/api/health");
    expect(info.requestId).toBe(settled.requestId);
    expect(requestInfoFrom(new Headers(), "GET", "/api/health").requestId).toMatch(VERSION_7);
  });
});
