import { describe, expect, it } from "vitest";
import { requestInfoFrom } from "@/lib/audit/context";

describe("requestInfoFrom", () => {
  it("takes the client address our proxy appended, not what the client claimed", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" });
    expect(requestInfoFrom(headers, "GET", "/").ipAddress).toBe("203.0.113.7");
  });

  it("falls back to X-Real-IP, then to nothing", () => {
    expect(requestInfoFrom(new Headers({ "x-real-ip": "198.51.100.2" }), "GET", "/").ipAddress).toBe("198.51.100.2");
    expect(requestInfoFrom(new Headers(), "GET", "/").ipAddress).toBeNull();
  });

  it("keeps the request id the proxy assigned and cuts long user agents", () => {
    const info = requestInfoFrom(new Headers({ "x-request-id": "req-1", "user-agent": "x".repeat(600) }), "POST", "/api");
    expect(info.requestId).toBe("req-1");
    expect(info.userAgent).toHaveLength(512);
  });
});
