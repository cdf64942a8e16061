import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";
import { closeDatabase, database } from "@/e2e/access/database";
import { demoUser, expect, test } from "@/e2e/fixtures";
import { assembleWebImage, readWebImage } from "@/e2e/standalone/web-image";

// The production web image without Docker: the standalone output of the build the other journeys use, laid out in a
// folder outside the checkout exactly as the Dockerfile's web stage copies it (so nothing resolves from the
// checkout's node_modules), started with the stage's command and environment plus the settings compose passes.

const ROOT = path.resolve(import.meta.dirname, "..");
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";
const WARM_UP_ROUTES = ["/login", "/api/auth/providers", "/api/auth/csrf", "/"];

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through \`npm run test:e2e\``);
  return value;
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

interface WebContainer {
  url: string;
  folder: string;
  child: ChildProcess;
  output: () => string;
}

async function startWebImage(): Promise<WebContainer> {
  if (!existsSync(path.join(ROOT, DIST_DIR, "standalone"))) throw new Error(`no standalone output in ${DIST_DIR}: run \`next build\` (output: "standalone")`);
  const image = readWebImage(readFileSync(path.join(ROOT, "Dockerfile"), "utf8"));
  const folder = mkdtempSync(path.join(tmpdir(), "meridian-web-image-"));
  assembleWebImage(image, ROOT, DIST_DIR, folder);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command = "", ...args] = image.command;
  if (image.env.NODE_ENV !== "production") throw new Error("the web image must set NODE_ENV=production");
  const child = spawn(command, args, {
    cwd: folder,
    // Only what a container would have: the image's ENV, then what `docker run -e` / compose would pass.
    env: {
      PATH: process.env.PATH,
      ...image.env,
      NODE_ENV: image.env.NODE_ENV,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: setting("DATABASE_URL"),
      REDIS_URL: setting("REDIS_URL"),
      REDIS_KEY_PREFIX: `e2e-standalone:${randomBytes(4).toString("hex")}:`,
      ENCRYPTION_KEY: setting("ENCRYPTION_KEY"),
      NEXTAUTH_SECRET: setting("NEXTAUTH_SECRET"),
      NEXTAUTH_URL: url,
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the standalone server did not start:\n${output}`)), 90_000);
    child.stdout?.on("data", () => {
      if (!output.includes("ready on")) return;
      clearTimeout(timer);
      resolve();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the standalone server exited with ${code}:\n${output}`));
    });
  });
  // A cold server loads each route's code on its first request, seconds apiece here (see warm-up.setup.ts).
  for (const route of WARM_UP_ROUTES) await fetch(`${url}${route}`, { redirect: "manual" });
  return { url, folder, child, output: () => output };
}

async function stop(container: WebContainer | undefined): Promise<void> {
  if (!container) return;
  if (container.child.exitCode === null) {
    container.child.kill("SIGTERM");
    await once(container.child, "exit");
  }
  rmSync(container.folder, { recursive: true, force: true });
}

test.describe("the web image (standalone build, the Dockerfile's COPY lines and CMD)", () => {
  test.describe.configure({ mode: "serial" });
  let container: WebContainer | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    container = await startWebImage();
  });

  test.afterAll(async () => {
    await stop(container);
    await closeDatabase();
  });

  const web = (): WebContainer => {
    if (!container) throw new Error("the standalone server did not start");
    return container;
  };

  test("starts through scripts/server.mjs, not the server.js Next.js writes, and answers both health checks", async ({ request }) => {
    expect(web().output()).toMatch(/^meridian: ready on http:\/\/127\.0\.0\.1:\d+ \(production, trusted proxy hops: 0\)$/m);
    expect(web().output()).not.toMatch(/does not work with "output: standalone"/);

    const live = await request.get(`${web().url}/api/health`);
    expect(live.status()).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    // Redis connects on first use: a load balancer waits for "up" the same way before sending traffic.
    await expect
      .poll(async () => ((await (await request.get(`${web().url}/api/health/ready`)).json()) as { checks: { cache: { status: string } } }).checks.cache.status, { timeout: 30_000 })
      .toBe("up");
    const ready = await request.get(`${web().url}/api/health/ready`);
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", checks: { database: { status: "up" }, cache: { status: "up", backend: "redis" } } });
  });

  test("renders the sign-in page with the production security headers, its static assets and public files", async ({ request }) => {
    const page = await request.get(`${web().url}/login`);
    expect(page.status()).toBe(200);
    const headers = page.headers();
    expect(headers["content-type"]).toContain("text/html");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["x-powered-by"]).toBeUndefined();

    const html = await page.text();
    const assets = [...new Set(html.match(/\/_next\/static\/[^"'\s)]+\.(?:js|css)/g) ?? [])];
    expect(assets.some((asset) => asset.endsWith(".css")), "a stylesheet").toBe(true);
    expect(assets.some((asset) => asset.endsWith(".js")), "a script").toBe(true);
    for (const asset of assets) {
      const response = await request.get(`${web().url}${asset}`);
      expect(response.status(), asset).toBe(200);
      expect(response.headers()["cache-control"], asset).toContain("immutable");
    }
    const robots = await request.get(`${web().url}/robots.txt`);
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toContain("Disallow: /");
  });

  test("signs a clinician in through the form", async ({ page }) => {
    const user = demoUser("clinician");
    await page.goto(`${web().url}/login`);
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  test("records the socket's address, not a forged X-Forwarded-For or X-Real-IP", async () => {
    const api = await playwrightRequest.newContext({ baseURL: web().url });
    try {
      const tag = randomUUID();
      const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
      await api.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: `nobody-${tag}@example.test`, password: "not-the-password", json: "true" },
        headers: { "x-forwarded-for": "203.0.113.9", "x-real-ip": "198.51.100.9", "x-request-id": tag },
        maxRedirects: 0,
      });
      const { rows } = await database().query<{ action: string; ip_address: string | null }>(
        "SELECT action, ip_address FROM audit_logs WHERE correlation_id = $1 ORDER BY id",
        [tag],
      );
      expect(rows).toEqual([{ action: "auth.login_failed", ip_address: "127.0.0.1" }]);
    } finally {
      await api.dispose();
    }
  });
});
