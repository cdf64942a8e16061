import { describe, expect, it } from "vitest";
import { allowedMethods, methodNotAllowed, REFUSED_METHOD_HEADER } from "@/lib/http/methods";

const PATIENT = "/api/v1/patients/3f2b8c1e-6a4d-4e8b-9c2a-1d5e7f9a0b3c";

describe("allowedMethods", () => {
  it("lists each API path's own methods, with HEAD for GET and OPTIONS", () => {
    expect(allowedMethods("/api/v1/patients")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods(PATIENT)).toEqual(["GET", "HEAD", "OPTIONS", "PATCH"]);
    expect(allowedMethods(`${PATIENT}/allergies/any-id`)).toEqual(["OPTIONS", "PATCH"]);
    expect(allowedMethods("/api/health")).toEqual(["GET", "HEAD", "OPTIONS"]);
    expect(allowedMethods("/api/session/idle")).toEqual(["OPTIONS", "POST"]);
  });

  it("gives next-auth's catch-all its GET and POST on every path under it", () => {
    expect(allowedMethods("/api/auth/providers")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
  });

  it("gives pages GET, HEAD, OPTIONS and POST (server actions), and leaves unknown API paths to a 404", () => {
    expect(allowedMethods("/patients")).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
    expect(allowedMethods("/api/v1/nothing-here")).toBeNull();
    expect(allowedMethods(`${PATIENT}/allergies/a/b`)).toBeNull();
  });
});

describe("methodNotAllowed", () => {
  const none = new Headers();

  it("lets through what a path answers, and any method on an unknown API path (its 404 is Next's)", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "PATCH"]) expect(methodNotAllowed(method, PATIENT, none, "r1"), method).toBeNull();
    for (const method of ["GET", "POST"]) expect(methodNotAllowed(method, "/patients", none, "r1"), method).toBeNull();
    expect(methodNotAllowed("DELETE", "/api/v1/nothing-here", none, "r1")).toBeNull();
  });

  it("refuses other methods on pages", () => {
    const response = methodNotAllowed("DELETE", "/patients", none, "r1");
    expect(response?.status).toBe(405);
    expect(response?.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });

  it.each(["DELETE", "PUT", "POST", "FOO", "propfind"])("answers %s on an API path with 405, Allow and problem+json", async (method) => {
    const response = methodNotAllowed(method, PATIENT, none, "r1");
    expect(response?.status).toBe(405);
    expect(response?.headers.get("allow")).toBe("GET, HEAD, OPTIONS, PATCH");
    expect(response?.headers.get("content-type")).toBe("application/problem+json");
    expect(await response?.json()).toMatchObject({ status: 405, code: "METHOD_NOT_ALLOWED", requestId: "r1", title: "Method not allowed" });
  });

  it("refuses a method the server entry marked (TRACE), on API paths and pages alike", async () => {
    const marked = new Headers({ [REFUSED_METHOD_HEADER]: "TRACE" });
    const api = methodNotAllowed("OPTIONS", "/api/v1/patients", marked, "r2");
    expect(api?.status).toBe(405);
    expect(api?.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect(await api?.json()).toMatchObject({ detail: expect.stringContaining("TRACE") });
    const page = methodNotAllowed("OPTIONS", "/login", marked, "r3");
    expect(page?.status).toBe(405);
    expect(page?.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
  });
});
