import { describe, expect, it } from "vitest";
import { staticSecurityHeaders } from "@/lib/security/headers";

describe("static security headers", () => {
  it("add HSTS for two years, subdomains included, in production only (local HTTP keeps working)", () => {
    const hsts = (production: boolean) => staticSecurityHeaders(production).find((header) => header.key === "Strict-Transport-Security")?.value;
    expect(hsts(true)).toBe("max-age=63072000; includeSubDomains");
    expect(hsts(false)).toBeUndefined();
  });
});
