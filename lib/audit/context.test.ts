import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";
import { CLIENT_CORRELATION_ID_HEADER, SERVER_REQUEST_ID_HEADER } from "@/lib/auth/request-headers";

describe("requestInfoFrom", () => {
  it("takes the address the server entry settled (the last X-Forwarded-For entry)", () => {
    expect(requestInfoFrom(new Headers({ "x-forwarded-for": "203.0.113.7" }), "GET", "/").ipAddress).toBe("203.0.113.7");
    expect(requestInfoFrom(new Headers({ "x-forwarded-for": "6.6.6.6, 2001:db8::1" }), "GET", "/").ipAddress).toBe("2001:db8::1");
  });

  it("records no address rather than one that is not an IP address, and ignores X-Real-IP", () => {
    for (const forwarded of ["unknown", "x".repeat(200), "1.2.3.4, <script>"]) {
      expect(requestInfoFrom(new Headers({ "x-forwarded-for": forwarded }), "GET", "/").ipAddress).toBeNull();
    }
    expect(requestInfoFrom(new Headers({ "x-real-ip": "198.51.100.2" }), "GET", "/").ipAddress).toBeNull();
  });

  it("uses the request id the proxy generated and keeps the client's own as the correlation id", () => {
    const assigned = randomUUID();
    const info = requestInfoFrom(new Headers({ [SERVER_REQUEST_ID_HEADER]: assigned, [CLIENT_CORRELATION_ID_HEADER]: "client-42" }), "POST", "/api");
    expect(info.requestId).toBe(assigned);
    expect(info.correlationId).toBe("client-42");
    expect(requestInfoFrom(new Headers({ "x-request-id": "client-43" }), "GET", "/").correlationId).toBe("client-43");
    expect(requestInfoFrom(new Headers({ "x-correlation-id": "trace-7" }), "GET", "/").correlationId).toBe("trace-7");
  });

  it("never takes a client's value as the request id", () => {
    const forged = requestInfoFrom(new Headers({ "x-request-id": "someone-elses-request" }), "GET", "/");
    expect(forged.requestId).not.toBe("someone-elses-request");
    expect(forged.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const notAUuid = requestInfoFrom(new Headers({ [SERVER_REQUEST_ID_HEADER]: "chosen-by-client" }), "GET", "/");
    expect(notAUuid.requestId).not.toBe("chosen-by-client");
  });
});

describe("requestInfoFrom past the proxy", () => {
  it("takes the correlation id the proxy moved aside, not x-request-id (by then the server's own id)", () => {
    const assigned = randomUUID();
    const headers = new Headers({ [SERVER_REQUEST_ID_HEADER]: assigned, "x-request-id": assigned, [CLIENT_CORRELATION_ID_HEADER]: "client-42" });
    expect(requestInfoFrom(headers, "GET", "/")).toMatchObject({ requestId: assigned, correlationId: "client-42" });
    const none = new Headers({ [SERVER_REQUEST_ID_HEADER]: assigned, "x-request-id": assigned });
    expect(requestInfoFrom(none, "GET", "/").correlationId).toBeNull();
  });
});
