import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { closeDatabase, database } from "@/e2e/access/database";
import { demoUser, expect, loginAs, test } from "@/e2e/fixtures";
import { hashPassword } from "@/lib/auth/password";

// What an attacker tries at the sign-in page: sending a signed-in user, or one about to sign in, to another site
// through callbackUrl; and what the trail must say about sign-ins and sign-outs.

test.afterAll(async () => {
  await closeDatabase();
});

// Each of these is another host to a browser once a URL parser has normalised it (or, for the encoded ones, once
// anything on the way decodes it).
const OFF_SITE_CALLBACKS = [
  "/.//evil.example/phish",
  "/..//evil.example/phish",
  "/a/..//evil.example/phish",
  "/\\evil.example/phish",
  "/.\\/evil.example/phish",
  "//evil.example/phish",
  "/%2F%2Fevil.example/phish",
  "/%2e//evil.example/phish",
  "/\t/evil.example/phish",
  "https://evil.example/phish",
];

/** Requests to the attacker's host are recorded (and never leave the machine). */
async function watchOffSiteRequests(page: Page): Promise<string[]> {
  const requested: string[] = [];
  await page.route((url) => url.hostname.endsWith("evil.example"), async (route) => {
    requested.push(route.request().url());
    await route.abort();
  });
  return requested;
}

test("a signed-in visit to /login with an off-site callbackUrl redirects to this site's home page", async ({ page }) => {
  await loginAs(page, "admin");
  for (const callback of OFF_SITE_CALLBACKS) {
    const response = await page.request.get(`/login?callbackUrl=${encodeURIComponent(callback)}`, { maxRedirects: 0 });
    expect(response.status(), callback).toBe(307);
    expect(response.headers().location, callback).toBe("/");
  }
  // A same-site path is kept.
  const kept = await page.request.get(`/login?callbackUrl=${encodeURIComponent("/audit?outcome=denied")}`, { maxRedirects: 0 });
  expect(kept.headers().location).toBe("/audit?outcome=denied");
});

test("signing in from a link with an off-site callbackUrl lands on this site", async ({ page, baseURL }) => {
  // Three sign-ins and sign-outs in one test.
  test.slow();
  const requested = await watchOffSiteRequests(page);
  const user = demoUser("clinician");
  for (const callback of ["/.//evil.example/phish", "/..//evil.example/phish", "/\\evil.example/phish"]) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callback)}`);
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const landed = new URL(page.url());
    expect(landed.origin, callback).toBe(new URL(baseURL ?? "").origin);
    expect(landed.pathname, callback).toBe("/");
    // A click that lands before the home page has hydrated does nothing: click again until it signs out.
    await expect(async () => {
      await page.getByRole("button", { name: "Sign out" }).click({ timeout: 5_000 });
      await expect(page).toHaveURL(/\/login/, { timeout: 5_000 });
    }).toPass();
  }
  expect(requested).toEqual([]);
});

test("signing in from a link to a page of this site goes to that page", async ({ page }) => {
  const user = demoUser("clinician");
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/patients?q=smith")}`);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/patients\?q=smith$/);
});

test("the sign-in page of a production build lists no demo sign-ins", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /demo sign-ins/i })).toHaveCount(0);
  await expect(page.getByText(demoUser("admin").password)).toHaveCount(0);
});

test("an integration account cannot sign in to the web app, and the refusal is audited", async ({ page }) => {
  const tag = randomUUID().slice(0, 8);
  const account = { email: `feed.${tag}@example.test`, name: `Lab feed ${tag}`, password: `integration passphrase ${tag}` };
  await database().query("INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, $2, 'integration', $3, now())", [
    account.email,
    account.name,
    await hashPassword(account.password),
  ]);
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/login$/);
  await expect(async () => {
    const { rows } = await database().query<{ action: string; username: string; details: unknown }>(
      "SELECT action, username, details FROM audit_logs WHERE username = $1 ORDER BY id",
      [account.name],
    );
    expect(rows).toEqual([{ action: "auth.login_failed", username: account.name, details: { reason: "api_only_role" } }]);
  }).toPass();
});

test("the logout's audit row names who signed out", async ({ page }) => {
  const user = await loginAs(page, "compliance");
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user: { sessionId: string } };
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(async () => {
    const { rows } = await database().query<{ action: string; username: string | null; user_role: string | null }>(
      "SELECT action, username, user_role FROM audit_logs WHERE resource_type = 'session' AND resource_id = $1 ORDER BY id",
      [session.user.sessionId],
    );
    expect(rows).toEqual([
      { action: "auth.login_succeeded", username: user.name, user_role: "compliance" },
      { action: "auth.logout", username: user.name, user_role: "compliance" },
    ]);
  }).toPass();
});
