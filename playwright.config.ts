import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
// Debian's chromium: Playwright's own browser download is unreachable here.
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  },
};
const REFUSING_SPECS = /(secret-crawl|authorization-matrix)\.spec\.ts/;
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${PORT}`;

// Browser journeys against a production build. scripts/e2e.ts seeds a database, runs `next build`, then this;
// the web server below inherits its environment (DATABASE_URL, REDIS_URL, NEXTAUTH_*…).
export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // The first requests to a cold `next start` on a small, shared CI machine can take several seconds.
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "warm-up", testMatch: /warm-up\.setup\.ts/ },
    { name: "chromium", dependencies: ["warm-up"], testIgnore: REFUSING_SPECS, use: chromium },
    // The crawl and the matrix get hundreds of requests refused: run after the journeys, whose "recent refusals" they
    // would crowd out.
    { name: "refusals", dependencies: ["chromium"], testMatch: REFUSING_SPECS, use: chromium },
  ],
  // E2E_BASE_URL points the tests at a server someone else runs; otherwise start the production build here.
  // The server inherits process.env (Playwright's default), so it sees the runner's DATABASE_URL and secrets.
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        // The same entry as `npm start`: it settles the client address before Next.js sees the request.
        command: `node scripts/server.mjs -p ${PORT} -H 127.0.0.1`,
        cwd: import.meta.dirname,
        url: `http://127.0.0.1:${PORT}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
        stderr: "pipe",
      },
});
