import { describe, expect, it } from "vitest";
import { markUnrepresentableMethod, REFUSED_METHOD_HEADER } from "./methods.mjs";

describe("markUnrepresentableMethod", () => {
  it("turns TRACE into a marked OPTIONS, which fetch can carry to the proxy", () => {
    for (const method of ["TRACE", "trace"]) {
      const req = { method, headers: {} as Record<string, string> };
      markUnrepresentableMethod(req);
      expect(req).toEqual({ method: "OPTIONS", headers: { [REFUSED_METHOD_HEADER]: "TRACE" } });
      expect(() => new Request("http://localhost/", { method: req.method })).not.toThrow();
      expect(() => new Request("http://localhost/", { method })).toThrow();
    }
  });

  it("leaves other methods alone and drops a mark a client sent", () => {
    const req = { method: "GET", headers: { [REFUSED_METHOD_HEADER]: "TRACE", accept: "*/*" } as Record<string, string> };
    markUnrepresentableMethod(req);
    expect(req).toEqual({ method: "GET", headers: { accept: "*/*" } });
  });
});
