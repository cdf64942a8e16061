import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { auditRowsOf, closeDatabase, concretePath, insertApiKey } from "@/e2e/access/database";
import { discoverActions, discoverRoutes, type Requirement } from "@/e2e/access/discovery";
import { signInContext } from "@/e2e/access/sign-in";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";

// Every route handler and server action, called as anonymous, as each role and with API keys: the answer
// must follow lib/auth/permissions.ts, and every refusal must leave exactly one "denied" audit row.

const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

interface Caller {
  label: string;
  kind: "anonymous" | "session" | "api_key";
  role: Role | null;
  context: APIRequestContext;
  headers: Record<string, string>;
}

type Expectation = "allowed" | 401 | 403;

function expectationFor(caller: Caller, requirement: Requirement, sessionOnly: boolean): Expectation {
  if (caller.kind === "anonymous" || !caller.role) return 401;
  if (sessionOnly && caller.kind === "api_key") return 401;
  if (requirement === null || can(caller.role, requirement)) return "allowed";
  return 403;
}

async function signIn(context: APIRequestContext, role: Role): Promise<void> {
  await signInContext(context, role as "admin" | "clinician" | "compliance", BASE_URL);
}

/** Re-signs in a session caller whose session a call ended (the automatic-logoff endpoint does that). */
async function ensureSignedIn(caller: Caller): Promise<void> {
  if (caller.kind !== "session" || !caller.role) return;
  const session = (await (await caller.context.get("/api/auth/session")).json()) as { user?: unknown };
  if (!session.user) await signIn(caller.context, caller.role);
}

// One worker runs the whole matrix in order: the callers' sessions are shared by every test below.
test.describe.configure({ mode: "default", timeout: 120_000 });

const callers: Caller[] = [];

test.beforeAll(async () => {
  const newContext = () => playwrightRequest.newContext({ baseURL: BASE_URL });
  callers.push({ label: "anonymous", kind: "anonymous", role: null, context: await newContext(), headers: {} });
  for (const role of ["admin", "clinician", "compliance"] as const) {
    const context = await newContext();
    await signIn(context, role);
    callers.push({ label: `${role} session`, kind: "session", role, context, headers: { origin: BASE_URL } });
  }
  for (const role of ["integration", "clinician"] as const) {
    const key = await insertApiKey(role, `matrix ${role} ${randomUUID()}`);
    callers.push({ label: `${role} API key`, kind: "api_key", role, context: await newContext(), headers: { authorization: `Bearer ${key}` } });
  }
});

test.afterAll(async () => {
  await Promise.all(callers.map((caller) => caller.context.dispose()));
  await closeDatabase();
});

/** Reads of patient data, of the audit trail and of security alerts: each successful one must leave exactly one audit row. */
const AUDITED_READS = new Set<Requirement>(["patients:read", "patients:read_demographics", "audit:read", "audit:export", "alerts:read"]);
/** Reads under those permissions that name nobody, so are not audited: the alerts badge's count and the rules' settings. */
const UNAUDITED_READS = new Set(["/api/v1/alerts/count", "/api/v1/alert-rules"]);

async function expectReadAudited(requestId: string, what: string): Promise<void> {
  const successes = (await auditRowsOf(requestId)).filter((row) => row.status === "success");
  expect(successes, `${what}: exactly one audit row for the read`).toHaveLength(1);
}

async function expectDenialAudited(requestId: string, status: 401 | 403, what: string): Promise<void> {
  const rows = await auditRowsOf(requestId);
  const denials = rows.filter((row) => row.status === "denied");
  expect(denials, `${what}: exactly one denied audit row`).toHaveLength(1);
  expect(denials[0]?.status_code, `${what}: audited status code`).toBe(status);
}

const routes = discoverRoutes();

test("every route handler is public by design or declares its permission through route()", () => {
  expect(routes.undeclared).toEqual([]);
  expect(routes.declared.length).toBeGreaterThan(0);
});

for (const handler of routes.declared) {
  test(`route ${handler.method} ${handler.pattern} requires ${handler.requirement ?? "a signed-in caller"}`, async () => {
    const path = await concretePath(handler.pattern);
    for (const caller of callers) {
      await ensureSignedIn(caller);
      const requestId = randomUUID();
      const response = await caller.context.fetch(path, {
        method: handler.method,
        headers: { ...caller.headers, "x-request-id": requestId, ...(handler.method === "GET" ? {} : { "content-type": "application/json" }) },
        data: handler.method === "GET" ? undefined : "{}",
        maxRedirects: 0,
      });
      const what = `${handler.method} ${path} as ${caller.label}`;
      const expected = expectationFor(caller, handler.requirement, false);
      if (expected === "allowed") {
        expect([401, 403], `${what}: allowed`).not.toContain(response.status());
        expect(response.status(), `${what}: no server error`).toBeLessThan(500);
        if (handler.method === "GET") expect(response.status(), `${what}: GET succeeds`).toBeLessThan(400);
        if (handler.method === "GET" && AUDITED_READS.has(handler.requirement) && !UNAUDITED_READS.has(handler.pattern)) {
          await response.body();
          await expectReadAudited(requestId, what);
        }
      } else {
        expect(response.status(), what).toBe(expected);
        expect(response.headers()["content-type"], `${what}: problem+json`).toContain("application/problem+json");
        await expectDenialAudited(requestId, expected, what);
      }
    }
  });
}

test.describe("server actions", () => {
  const actions = discoverActions(DIST_DIR);

  test("every server action declares its permission through action()", () => {
    expect(actions.undeclared).toEqual([]);
  });

  for (const serverAction of actions.declared) {
    test(`action ${serverAction.file}#${serverAction.name} requires ${serverAction.requirement}`, async () => {
      const pagePath = await concretePath(serverAction.pagePattern);
      for (const caller of callers) {
        await ensureSignedIn(caller);
        const requestId = randomUUID();
        const response = await caller.context.post(pagePath, {
          headers: {
            ...caller.headers,
            origin: BASE_URL,
            "x-request-id": requestId,
            "next-action": serverAction.id,
            accept: "text/x-component",
            "content-type": "text/plain;charset=UTF-8",
          },
          // One empty object: the action's schema rejects it, so an allowed call changes nothing.
          data: JSON.stringify([{}]),
          maxRedirects: 0,
        });
        const body = await response.text();
        const what = `${serverAction.name} as ${caller.label}`;
        const expected = expectationFor(caller, serverAction.requirement, true);
        if (expected === "allowed") {
          expect(body, `${what}: allowed`).not.toMatch(/"code":"(UNAUTHENTICATED|FORBIDDEN)"/);
          expect(body, `${what}: input validated`).toContain('"code":"INVALID"');
        } else {
          expect(body, what).toContain(`"code":"${expected === 401 ? "UNAUTHENTICATED" : "FORBIDDEN"}"`);
          await expectDenialAudited(requestId, expected, what);
        }
      }
    });
  }
});

test.describe("hardening", () => {
  test("a cookie-authenticated API call from another origin is refused and audited", async () => {
    const clinician = callers.find((caller) => caller.kind === "session" && caller.role === "clinician");
    const target = routes.declared.find((handler) => handler.method === "GET" && handler.requirement === "patients:read");
    test.skip(!clinician || !target, "needs a clinician session and a patients:read route");
    if (!clinician || !target) return;
    const requestId = randomUUID();
    const response = await clinician.context.get(await concretePath(target.pattern), {
      headers: { origin: "https://evil.example", "x-request-id": requestId },
    });
    expect(response.status()).toBe(403);
    await expectDenialAudited(requestId, 403, "cross-origin");
  });

  test("x-middleware-subrequest gets no further than any other request", async () => {
    const anonymous = callers.find((caller) => caller.kind === "anonymous");
    const target = routes.declared[0];
    if (!anonymous || !target) throw new Error("no route to try");
    const response = await anonymous.context.fetch(await concretePath(target.pattern), {
      method: target.method,
      headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy", "x-request-id": randomUUID() },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(401);
  });

  test("pages carry the security headers", async () => {
    const anonymous = callers.find((caller) => caller.kind === "anonymous");
    const response = await anonymous?.context.get("/login");
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["referrer-policy"]).toBeTruthy();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    // Every response, API and errors included: a browser that met one over HTTPS never falls back to HTTP.
    for (const path of ["/api/health", "/api/v1/patients", "/no-such-page"]) {
      expect((await anonymous?.context.get(path, { maxRedirects: 0 }))?.headers()["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
    }
  });
});
