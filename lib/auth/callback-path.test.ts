import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect, sameSitePath } from "@/lib/auth/callback-path";

const ORIGIN = "http://meridian.test:3000";

/** Where a browser on this site would land if it followed `Location: <path>`. */
function landsOn(path: string): URL {
  return new URL(path, ORIGIN);
}

// Each of these is a way to name another host, or to make a URL parser or browser turn a "path" into one.
const OFF_SITE = [
  "https://evil.example/phish",
  "http://evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "data:text/html,hi",
  "evil.example/phish",
  "//evil.example/phish",
  "///evil.example/phish",
  "////evil.example",
  "/\\evil.example/phish",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "/./evil.example/.././/evil.example",
  "/.//evil.example/phish",
  "/..//evil.example/phish",
  "/a/..//evil.example/phish",
  "/a/b/../..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/.\\/evil.example",
  "/..\\\\evil.example",
  "/%2F%2Fevil.example/phish",
  "/%2F/evil.example",
  "/%5Cevil.example",
  "/%5C%5Cevil.example",
  "/%252F%252Fevil.example",
  "%2F%2Fevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%09/evil.example",
  "/\u0000/evil.example",
  "https:/evil.example",
  "http:evil.example",
] as const;

describe("sameSitePath", () => {
  it.each(OFF_SITE)("refuses %j", (value) => {
    expect(sameSitePath(value)).toBeNull();
    expect(safeCallbackPath(value)).toBe("/");
  });

  it.each([
    ["/patients", "/patients"],
    ["/patients?q=Smith&sort=name#results", "/patients?q=Smith&sort=name#results"],
    ["/patients?q=John%20Smith", "/patients?q=John%20Smith"],
    ["/patients/./123", "/patients/123"],
    ["/a/../patients", "/patients"],
    ["/", "/"],
    ["/audit?user=a%2F%2Fb", "/audit?user=a%2F%2Fb"],
    // A path segment named "https:" followed by an empty one: odd, but a path on this site.
    ["/https://evil.example", "/https://evil.example"],
  ])("keeps %j as %j", (value, expected) => {
    expect(sameSitePath(value)).toBe(expected);
    expect(landsOn(expected).origin).toBe(ORIGIN);
  });

  it("refuses what is not a string, empty or oversized", () => {
    for (const value of [undefined, null, 42, ["/patients"], "", `/${"a".repeat(2048)}`]) expect(sameSitePath(value)).toBeNull();
  });

  it("never returns a path that a browser resolves to another origin", () => {
    // Every combination of a few dangerous pieces, so new spellings are covered as well as the listed ones.
    const pieces = ["/", "\\", ".", "..", "%2F", "%5C", "%2e", "\t", "evil.example", "%252F"];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const candidate = `/${a}${b}${c}/phish`;
      const path = sameSitePath(candidate);
      if (path === null) continue;
      expect(landsOn(path).origin, candidate).toBe(ORIGIN);
      expect(path.startsWith("//") || path.startsWith("/\\"), candidate).toBe(false);
    }
  });
});

describe("safeCallbackPath", () => {
  it.each(["/login", "/login/", "/login?callbackUrl=%2F", "/api/auth/signout", "/api", "/./login", "/x/../api/v1/patients"])(
    "refuses the sign-in page and API endpoints (%j) to avoid loops",
    (value) => {
      expect(safeCallbackPath(value)).toBe("/");
    },
  );

  it("uses the given fallback", () => {
    expect(safeCallbackPath("//evil.example", "/patients")).toBe("/patients");
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  it.each([
    ["/patients?q=x", `${ORIGIN}/patients?q=x`],
    [`${ORIGIN}/audit`, `${ORIGIN}/audit`],
    ["/login", `${ORIGIN}/login`],
  ])("keeps %j on this site", (url, expected) => {
    expect(sameOriginRedirect(url, ORIGIN)).toBe(expected);
  });

  it.each([...OFF_SITE, "http://meridian.test:3001/x", "https://meridian.test:3000/x", `${ORIGIN}.evil.example/`, `${ORIGIN}@evil.example/`])(
    "never leaves the site for %j",
    (url) => {
      expect(new URL(sameOriginRedirect(url, ORIGIN)).origin).toBe(ORIGIN);
    },
  );

  it.each(["https://evil.example/phish", "//evil.example", "/.//evil.example/phish", "/..//evil.example", "/\\evil.example", `${ORIGIN}//evil.example/x`])(
    "sends %j to the base URL",
    (url) => {
      expect(sameOriginRedirect(url, ORIGIN)).toBe(ORIGIN);
    },
  );
});
