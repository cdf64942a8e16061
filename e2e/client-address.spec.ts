import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { request as httpRequest } from "node:http";
import net from "node:net";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { closeDatabase, database } from "@/e2e/access/database";
import { discoverActions } from "@/e2e/access/discovery";
import { demoUser } from "@/e2e/fixtures";
import { hashPassword } from "@/lib/auth/password";

// What a client says about itself, tried against the server entry `npm start` runs (scripts/server.mjs): forged
// and oversized X-Forwarded-For and other headers, forged request ids, and server action calls Next.js itself would
// fail with a 500. The rate-limit tests start their own servers through the entry, with production limits (the
// shared server lifts the per-address sign-in limit for the journeys) and their own Redis key prefix.

const ROOT = path.resolve(import.meta.dirname, "..");
const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

test.afterAll(async () => {
  await closeDatabase();
});

interface EntryServer {
  url: string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

/** Runs the production build through scripts/server.mjs, as `npm start` does, with `env` on top of the test's. */
async function startEntry(env: Record<string, string>): Promise<EntryServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NEXTAUTH_URL: url, REDIS_KEY_PREFIX: `e2e-entry:${randomBytes(4).toString("hex")}:`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    child.stdout.on("data", () => {
      if (!output.includes("ready on")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  // The cache client connects on first use and refuses commands until then (a rate limit it cannot count is not
  // applied): wait until the readiness check finds Redis up, as a load balancer would before sending traffic.
  await expect
    .poll(async () => ((await (await fetch(`${url}/api/health/ready`)).json()) as { checks?: { cache?: { status?: string } } }).checks?.cache?.status, { timeout: 30_000 })
    .toBe("up");
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** One sign-in through next-auth's own endpoints, as the login form makes it. */
async function attemptSignIn(api: APIRequestContext, email: string, password: string, headers: Record<string, string>): Promise<void> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await api.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, headers, maxRedirects: 0 });
}

async function signedInUser(api: APIRequestContext): Promise<string | null> {
  const session = (await (await api.get("/api/auth/session")).json()) as { user?: { id?: string } };
  return session.user?.id ?? null;
}

interface Row {
  action: string;
  user_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  request_id: string | null;
  correlation_id: string | null;
  request_path: string | null;
  status_code: number | null;
  details: Record<string, unknown> | null;
}

const ROW_COLUMNS = "action, user_id, ip_address, user_agent, request_id, correlation_id, request_path, status_code, details";

/** The rows of the requests that sent `x-request-id: <tag…>` (kept as their correlation id, cut to its column). */
async function rowsTagged(tag: string): Promise<Row[]> {
  const { rows } = await database().query<Row>(`SELECT ${ROW_COLUMNS} FROM audit_logs WHERE correlation_id LIKE $1 ORDER BY id`, [`${tag}%`]);
  return rows;
}

test.describe("the client address", () => {
  test.describe.configure({ mode: "serial" });

  test("32 wrong passwords, each from a different forged address, are limited per real address", async () => {
    test.slow();
    const server = await startEntry({ LOGIN_RATE_LIMIT_PER_IP: "30", AUDIT_ANONYMOUS_ROWS_PER_MINUTE: "60" });
    const api = await playwrightRequest.newContext({ baseURL: server.url });
    try {
      const tags: string[] = [];
      for (let attempt = 1; attempt <= 32; attempt += 1) {
        const tag = randomUUID();
        tags.push(tag);
        const forged = { "x-forwarded-for": `203.0.113.${attempt}`, "x-real-ip": `198.51.100.${attempt}`, "x-request-id": tag };
        await attemptSignIn(api, `nobody-${tag}@example.test`, "not-the-password", forged);
      }
      const admin = demoUser("admin");
      const last = randomUUID();
      await attemptSignIn(api, admin.email, admin.password, { "x-forwarded-for": "192.0.2.77", "x-request-id": last });
      expect(await signedInUser(api), "the right password is refused once the address is over its limit").toBeNull();

      const rows = (await Promise.all([...tags, last].map(rowsTagged))).map((found) => {
        expect(found).toHaveLength(1);
        return found[0] as Row;
      });
      expect(new Set(rows.map((row) => row.ip_address))).toEqual(new Set(["127.0.0.1"]));
      expect(rows.map((row) => row.action)).toEqual([...Array<string>(30).fill("auth.login_failed"), ...Array<string>(3).fill("auth.rate_limited")]);
      expect(rows.at(-1)?.details).toMatchObject({ scope: "ip" });
    } finally {
      await api.dispose();
      await server.stop();
    }
  });

  test("behind one trusted proxy, the address that proxy appended is the client's", async () => {
    const server = await startEntry({ TRUSTED_PROXY_HOPS: "1" });
    const api = await playwrightRequest.newContext({ baseURL: server.url });
    try {
      const proxied = randomUUID();
      await attemptSignIn(api, `nobody-${proxied}@example.test`, "x", { "x-forwarded-for": "6.6.6.6, 198.51.100.23", "x-request-id": proxied });
      const direct = randomUUID();
      await attemptSignIn(api, `nobody-${direct}@example.test`, "x", { "x-request-id": direct });
      expect((await rowsTagged(proxied)).map((row) => row.ip_address)).toEqual(["198.51.100.23"]);
      expect((await rowsTagged(direct)).map((row) => row.ip_address)).toEqual(["127.0.0.1"]);
    } finally {
      await api.dispose();
      await server.stop();
    }
  });

  test("a TRUSTED_PROXY_HOPS that is not a number stops the server with one line saying so", async () => {
    await expect(startEntry({ TRUSTED_PROXY_HOPS: "two" })).rejects.toThrow(/exited with 1:[\s\S]*^meridian: TRUSTED_PROXY_HOPS must be a whole number/m);
  });
});

const long = (tag: string, length: number) => `${tag}-${"x".repeat(length)}`;

/** Headers as long as Node accepts in total (16 KB), each far longer than its audit column. */
function hostileHeaders(tag: string): Record<string, string> {
  return {
    "x-forwarded-for": Array.from({ length: 200 }, (_, n) => `10.${n}.0.1`).join(", "),
    "user-agent": long("agent", 6000),
    "x-request-id": long(tag, 2000),
    "x-correlation-id": long("correlation", 1000),
    referer: long("https://example.test/", 1000),
  };
}

test.describe("oversized headers", () => {
  test("a wrong password still counts, locks the account and is audited", async () => {
    const email = `hostile-${randomUUID()}@example.test`;
    const { rows } = await database().query<{ id: string }>(
      "INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, 'Hostile Headers', 'clinician', $2, now()) RETURNING id",
      [email, await hashPassword("the-right-password")],
    );
    const userId = rows[0]?.id;
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    try {
      const tag = randomUUID();
      for (let attempt = 0; attempt < 5; attempt += 1) await attemptSignIn(api, email, "wrong", hostileHeaders(tag));
      const { rows: user } = await database().query<{ locked_until: Date | null }>("SELECT locked_until FROM users WHERE id = $1", [userId]);
      expect(user[0]?.locked_until?.getTime()).toBeGreaterThan(Date.now());
      const audited = await rowsTagged(tag);
      expect(audited.map((row) => row.action)).toEqual([...Array<string>(5).fill("auth.login_failed"), "auth.locked_out"]);
      for (const row of audited) {
        expect(row.user_id).toBe(userId);
        expect(row.ip_address).toBe("127.0.0.1");
        expect(row.user_agent).toHaveLength(512);
        expect(row.correlation_id).toHaveLength(128);
      }
    } finally {
      await api.dispose();
    }
  });

  test("a refused API call is a 401 with its audit row", async () => {
    const tag = randomUUID();
    const api = await playwrightRequest.newContext({ baseURL: BASE_URL });
    try {
      const response = await api.get("/api/v1/patients", { headers: hostileHeaders(tag) });
      expect(response.status()).toBe(401);
      const audited = await rowsTagged(tag);
      expect(audited).toEqual([expect.objectContaining({ action: "access.denied", status_code: 401, ip_address: "127.0.0.1" })]);
      expect(audited[0]?.request_id, "the request id is the server's, sent back in x-request-id").toBe(response.headers()["x-request-id"]);
    } finally {
      await api.dispose();
    }
  });
});

test.describe("server action calls", () => {
  const actions = discoverActions(DIST_DIR).declared;
  const verify = actions.find((candidate) => candidate.name === "verifyAuditChainAction");
  let clinician: APIRequestContext;
  let clinicianId: string | null;

  test.beforeAll(async () => {
    clinician = await playwrightRequest.newContext({ baseURL: BASE_URL });
    const user = demoUser("clinician");
    await attemptSignIn(clinician, user.email, user.password, {});
    clinicianId = await signedInUser(clinician);
  });

  test.afterAll(async () => {
    await clinician.dispose();
  });

  function actionHeaders(tag: string, extra: Record<string, string> = {}): Record<string, string> {
    if (!verify) throw new Error("the build has no verifyAuditChainAction");
    return { "next-action": verify.id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8", "x-request-id": tag, ...extra };
  }

  test("are audited under the action's own name and a server request id, whatever URL they were posted to", async () => {
    expect(clinicianId).not.toBeNull();
    const tag = randomUUID();
    // A clinician may not verify the chain: a refusal, posted to a page that has nothing to do with the action.
    const response = await clinician.post("/patients", { headers: actionHeaders(tag, { origin: BASE_URL }), data: JSON.stringify([{}]) });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('"code":"FORBIDDEN"');
    const audited = await rowsTagged(tag);
    expect(audited).toEqual([expect.objectContaining({ action: "access.denied", user_id: clinicianId, request_path: "action:verifyAuditChainAction" })]);
    expect(audited[0]?.request_id).not.toBe(tag);
    expect(audited[0]?.request_id).toBe(response.headers()["x-request-id"]);
  });

  for (const origin of ["https://evil.example", "null", "not a url"]) {
    test(`from origin "${origin}" are refused with 403 and audited against the user whose cookie came along`, async () => {
      const tag = randomUUID();
      const response = await clinician.post("/audit", { headers: actionHeaders(tag, { origin }), data: JSON.stringify([{}]) });
      expect(response.status()).toBe(403);
      expect(response.headers()["content-type"]).toContain("application/problem+json");
      expect(await rowsTagged(tag)).toEqual([
        expect.objectContaining({ action: "access.denied", user_id: clinicianId, status_code: 403, details: expect.objectContaining({ reason: "cross_origin" }) }),
      ]);
    });
  }

  test("over the body limit are refused with 413 and audited, with or without a declared length", async () => {
    const declared = randomUUID();
    const response = await clinician.post("/audit", { headers: actionHeaders(declared, { origin: BASE_URL }), data: `["${"x".repeat(2 * 1024 * 1024)}"]` });
    expect(response.status()).toBe(413);
    expect(await rowsTagged(declared)).toEqual([expect.objectContaining({ action: "access.denied", status_code: 413, details: expect.objectContaining({ reason: "body_too_large" }) })]);

    const chunked = randomUUID();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${BASE_URL}/audit`, { method: "POST", headers: { ...actionHeaders(chunked, { origin: BASE_URL }), "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      const chunk = "x".repeat(64 * 1024);
      for (let sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
    expect(await rowsTagged(chunked)).toEqual([expect.objectContaining({ action: "access.denied", status_code: 413 })]);
  });

  test("with a body that is not an action call are refused with 400 and audited", async () => {
    const notJson = randomUUID();
    const response = await clinician.post("/audit", { headers: actionHeaders(notJson, { origin: BASE_URL }), data: "{not json" });
    expect(response.status()).toBe(400);
    expect(await rowsTagged(notJson)).toEqual([expect.objectContaining({ action: "access.denied", status_code: 400, details: expect.objectContaining({ reason: "malformed_body" }) })]);

    // Argument lists Next.js cannot decode (each answered 500 before): references to parts that are not there.
    for (const body of ['"$Q1"', '"$T"', '["$h1"]', '["$F1"]', '["$B1"]', '["$S"]', "1", "null", '["$i1"]', '["$l1"]', '["$1"]', '["$nabc"]']) {
      const tag = randomUUID();
      const refused = await clinician.post("/audit", { headers: actionHeaders(tag, { origin: BASE_URL }), data: body });
      expect(refused.status(), body).toBe(400);
      expect(await rowsTagged(tag), body).toHaveLength(1);
    }

    const brokenForm = randomUUID();
    const multipart = actionHeaders(brokenForm, { origin: BASE_URL, "content-type": "multipart/form-data; boundary=abc" });
    const form = await clinician.post("/audit", { headers: multipart, data: "--abc\r\nContent-Disposition: form-data; name=\"0\"\r\n\r\n[{}]" });
    expect(form.status()).toBe(400);
    expect(await rowsTagged(brokenForm)).toEqual([expect.objectContaining({ action: "access.denied", status_code: 400 })]);
  });
});
