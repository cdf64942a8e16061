import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { closeDatabase, concretePath, database, insertApiKey } from "@/e2e/access/database";
import { discoverPages, discoverRoutes, PUBLIC_ROUTES } from "@/e2e/access/discovery";
import { signInContext } from "@/e2e/access/sign-in";
import { openSecret } from "@/lib/secrets/keyring";

// A secret is write-only: no page, no API response, for any caller, ever contains one. This crawls the seeded app
// as anonymous, each signed-in role and API keys — every page (following links from every page it reaches) and every
// GET route — and looks for each seeded secret in what came back: the connections' credentials, the ciphertexts
// themselves, and password and API-key hashes.

const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const MAX_PAGES_PER_CALLER = 120;
/** Fragments shorter than this (a PEM's dashes, a short user name) would match innocent text. */
const MIN_SECRET_LENGTH = 12;

interface Caller {
  label: string;
  context: APIRequestContext;
  headers: Record<string, string>;
}

/** Every secret string the seed stored, and each long line of a multi-line one (a PEM body is HTML-escaped whole). */
async function seededSecrets(): Promise<string[]> {
  const secrets = new Set<string>();
  const add = (value: string | null) => {
    if (!value) return;
    for (const part of [value, ...value.split(/\r?\n/)]) if (part.length >= MIN_SECRET_LENGTH && !part.startsWith("-----")) secrets.add(part);
  };
  const connections = await database().query<{ credentials_encrypted: string }>(
    "SELECT credentials_encrypted FROM emr_connections WHERE credentials_encrypted IS NOT NULL",
  );
  for (const { credentials_encrypted: sealed } of connections.rows) {
    add(sealed);
    for (const value of Object.values(JSON.parse(openSecret(sealed)) as Record<string, string>)) add(value);
  }
  const ssns = await database().query<{ ssn_encrypted: string }>("SELECT ssn_encrypted FROM patients WHERE ssn_encrypted IS NOT NULL LIMIT 50");
  for (const row of ssns.rows) add(row.ssn_encrypted);
  const hashes = await database().query<{ hash: string }>(
    "SELECT password_hash AS hash FROM users UNION ALL SELECT secret_hash FROM api_keys",
  );
  for (const row of hashes.rows) add(row.hash);
  return [...secrets];
}

function linksIn(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)"/g)]
    .map((match) => (match[1] ?? "").replaceAll("&amp;", "&"))
    .filter((href) => !href.startsWith("/api/auth/") && !href.startsWith("/_next/"));
}

test.describe.configure({ mode: "default", timeout: 600_000 });

const callers: Caller[] = [];
let secrets: string[] = [];

test.beforeAll(async () => {
  secrets = await seededSecrets();
  const newContext = () => playwrightRequest.newContext({ baseURL: BASE_URL });
  callers.push({ label: "anonymous", context: await newContext(), headers: {} });
  for (const role of ["admin", "clinician", "compliance"] as const) {
    const context = await newContext();
    await signInContext(context, role, BASE_URL);
    callers.push({ label: `${role} session`, context, headers: {} });
  }
  for (const role of ["admin", "integration", "clinician", "compliance"] as const) {
    const key = await insertApiKey(role, `secret crawl ${role} ${randomUUID()}`);
    callers.push({ label: `${role} API key`, context: await newContext(), headers: { authorization: `Bearer ${key}` } });
  }
});

test.afterAll(async () => {
  await Promise.all(callers.map((caller) => caller.context.dispose()));
  await closeDatabase();
});

function expectNoSecret(body: string, what: string): void {
  const leaked = secrets.filter((secret) => body.includes(secret));
  expect(leaked.map((secret) => `${secret.slice(0, 4)}… (${secret.length} chars)`), `${what} leaks a secret`).toEqual([]);
}

test("the seed stored secrets to look for", () => {
  // Demo connections carry a private key, a client secret and a password; users and API keys carry hashes.
  expect(secrets.length).toBeGreaterThanOrEqual(6);
});

test("no page, followed link or GET route returns a secret, for any caller", async () => {
  const pageStarts = await Promise.all(discoverPages().map((pattern) => concretePath(pattern)));
  const getRoutes = await Promise.all(
    [...discoverRoutes().declared.filter((route) => route.method === "GET").map((route) => route.pattern), ...PUBLIC_ROUTES]
      .filter((pattern) => !pattern.includes("[..."))
      .map((pattern) => concretePath(pattern)),
  );
  for (const caller of callers) {
    let pagesRead = 0;
    for (const path of getRoutes) {
      const response = await caller.context.get(path, { headers: caller.headers, maxRedirects: 0 });
      expectNoSecret(await response.text(), `GET ${path} as ${caller.label}`);
    }
    const queue = [...pageStarts];
    const seen = new Set(queue);
    while (queue.length > 0 && pagesRead < MAX_PAGES_PER_CALLER) {
      const path = queue.shift() ?? "/";
      const response = await caller.context.get(path, { headers: caller.headers });
      const body = await response.text();
      pagesRead += 1;
      expectNoSecret(body, `page ${path} as ${caller.label}`);
      for (const link of linksIn(body)) {
        if (!seen.has(link)) {
          seen.add(link);
          queue.push(link);
        }
      }
    }
    expect(pagesRead, `${caller.label} read pages`).toBeGreaterThan(0);
  }
});
