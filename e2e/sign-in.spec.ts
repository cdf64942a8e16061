import { z } from "zod";
import { demoUser, expect, test } from "./fixtures";

test.describe("sign-in", () => {
  test("a wrong password shows a generic error and stays on the sign-in page", async ({ page }) => {
    // The compliance user, so this failure never touches the clinician used by the journey below.
    const user = demoUser("compliance");
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    const password = page.getByLabel("Password", { exact: true });
    await password.fill("not-the-right-password");
    await password.press("Enter");

    await expect(page.getByRole("alert", { name: "Sign-in error" })).toHaveText("Invalid email or password");
    await expect(page).toHaveURL(/\/login$/);
    await expect(password).toBeFocused();
  });

  test("a clinician lands on their own home page, then signs out", async ({ page, loginAs }) => {
    const user = await loginAs("clinician");

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Home" })).toBeVisible();
    await expect(page.getByRole("banner").getByText(user.name)).toBeVisible();
    await expect(page.getByRole("banner").getByText("Role: Clinician")).toBeVisible();
    await expect(page.getByRole("search", { name: "Find a patient" })).toBeVisible();
    // Infrastructure figures are the administrator's (dashboards:read): e2e/home.spec.ts checks each role's home.
    await expect(page.getByRole("region", { name: "PostgreSQL" })).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a signed-out visit to the home page redirects to sign-in", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  test("an off-site callbackUrl is ignored after signing in", async ({ page }) => {
    const user = demoUser("admin");
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await page.getByLabel("Email", { exact: true }).fill(user.email);
    await page.getByLabel("Password", { exact: true }).fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    const landed = new URL(page.url());
    expect(landed.hostname).not.toBe("evil.example");
    expect(landed.pathname).toBe("/");
  });
});

const readiness = z.object({
  status: z.enum(["ok", "degraded", "down"]),
  checks: z.object({ database: z.object({ status: z.string() }), cache: z.object({ status: z.string() }) }),
});

test("the readiness probe reports the database and cache", async ({ request }) => {
  const response = await request.get("/api/health/ready");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = readiness.parse(await response.json());
  expect(body.checks.database.status).toBe("up");
  // A fresh server can answer before its Redis connection is ready: the cache is then "down", which
  // must read as "degraded" (still 200), never as an outage.
  expect(body.status).toBe(body.checks.cache.status === "up" ? "ok" : "degraded");
});
