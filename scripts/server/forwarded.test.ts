import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress, parseTrustedHops, trustForwardedHeaders } from "./forwarded.mjs";

describe("clientAddress", () => {
  it("believes only the socket when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(undefined, "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress("6.6.6.6", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress("6.6.6.6, 7.7.7.7", "203.0.113.7", 0)).toBe("203.0.113.7");
    expect(clientAddress("x".repeat(5000), "203.0.113.7", 0)).toBe("203.0.113.7");
  });

  it("takes the entry each trusted proxy appended, counted from the socket", () => {
    // client 198.51.100.4 → proxy A (10.0.0.2) → proxy B (10.0.0.3) → us; the client forged 6.6.6.6 in front.
    const header = "6.6.6.6, 198.51.100.4, 10.0.0.2";
    expect(clientAddress(header, "10.0.0.3", 1)).toBe("10.0.0.2");
    expect(clientAddress(header, "10.0.0.3", 2)).toBe("198.51.100.4");
    expect(clientAddress(header, "10.0.0.3", 3)).toBe("6.6.6.6");
  });

  it("reads repeated X-Forwarded-For headers as one list", () => {
    expect(clientAddress(["6.6.6.6", "198.51.100.4"], "10.0.0.3", 1)).toBe("198.51.100.4");
  });

  it("uses the leftmost entry when fewer proxies appended than configured", () => {
    expect(clientAddress("198.51.100.4", "10.0.0.3", 5)).toBe("198.51.100.4");
    expect(clientAddress(undefined, "10.0.0.3", 2)).toBe("10.0.0.3");
  });

  it("falls back to the socket when the trusted entry is not an address", () => {
    expect(clientAddress("garbage", "10.0.0.3", 1)).toBe("10.0.0.3");
    expect(clientAddress(`${"1".repeat(70)}, `, "10.0.0.3", 1)).toBe("10.0.0.3");
  });
});

describe("normalizeAddress", () => {
  it("removes ports and brackets and unmaps IPv4-mapped IPv6", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normalizeAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress(" 2001:db8::1 ")).toBe("2001:db8::1");
  });

  it("answers null for anything that is not an address", () => {
    for (const value of [undefined, "", "unknown", "1.2.3.4.5", "<script>", "203.0.113.7:port"]) expect(normalizeAddress(value)).toBeNull();
  });
});

describe("parseTrustedHops", () => {
  it("defaults to 0 and accepts whole numbers", () => {
    expect(parseTrustedHops(undefined)).toBe(0);
    expect(parseTrustedHops("")).toBe(0);
    expect(parseTrustedHops("2")).toBe(2);
  });

  it("refuses anything else with a message naming the variable", () => {
    for (const value of ["-1", "1.5", "yes", "100"]) expect(() => parseTrustedHops(value)).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});

describe("trustForwardedHeaders on a real socket", () => {
  let server: Server | undefined;

  afterEach(async () => {
    server?.close();
    if (server) await once(server, "close");
    server = undefined;
  });

  /** Sends `headers` to a server that applies the rule, and returns the headers its handler then saw. */
  async function seenBehind(trustedHops: number, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
    let seen: IncomingHttpHeaders = {};
    server = createServer((req, res) => {
      trustForwardedHeaders(req.headers, req.socket.remoteAddress, trustedHops);
      seen = { ...req.headers };
      res.end();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", headers });
    req.end();
    const [res] = (await once(req, "response")) as [NodeJS.ReadableStream];
    res.resume();
    await once(res, "end");
    return seen;
  }

  it("replaces a forged address with the socket's and drops headers only a proxy may set", async () => {
    const seen = await seenBehind(0, {
      "x-forwarded-for": "6.6.6.6",
      "x-real-ip": "7.7.7.7",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      forwarded: "for=8.8.8.8",
    });
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    for (const name of ["x-real-ip", "x-forwarded-host", "x-forwarded-proto", "forwarded"]) expect(seen[name]).toBeUndefined();
  });

  it("keeps what one trusted proxy appended", async () => {
    const seen = await seenBehind(1, { "x-forwarded-for": "6.6.6.6, 198.51.100.4", "x-forwarded-proto": "https" });
    expect(seen["x-forwarded-for"]).toBe("198.51.100.4");
    expect(seen["x-forwarded-proto"]).toBe("https");
  });
});
